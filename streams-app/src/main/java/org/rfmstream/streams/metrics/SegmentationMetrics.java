package org.rfmstream.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rfmstream.schemas.ChangeReason;

/**
 * The application's own meters, registered once per registry. Prometheus names: {@code segmentation_events_total},
 * {@code segmentation_segment_changes_total}, {@code segmentation_customers}, {@code segmentation_model_version},
 * {@code segmentation_change_latency_seconds}, {@code segmentation_models_total},
 * {@code segmentation_errors_total}, {@code segmentation_review_visits_total}, {@code segmentation_erasures_total}.
 */
public final class SegmentationMetrics {

    public static final String EVENTS = "segmentation.events";
    public static final String SEGMENT_CHANGES = "segmentation.segment.changes";
    public static final String CUSTOMERS = "segmentation.customers";
    public static final String MODEL_VERSION = "segmentation.model.version";
    public static final String CHANGE_LATENCY = "segmentation.change.latency";
    public static final String MODELS = "segmentation.models";
    public static final String ERRORS = "segmentation.errors";
    public static final String REVIEW_VISITS = "segmentation.review.visits";
    public static final String ERASURES = "segmentation.erasures";
    /** Erasure outcomes: the customer was found and erased, was not held (nothing to do), or the request was bad. */
    public static final String ERASURE_ERASED = "erased";
    public static final String ERASURE_UNKNOWN = "unknown";
    public static final String ERASURE_INVALID = "invalid";
    /** The {@code segment} tag of a change that leaves every segment (an erasure). */
    public static final String NO_SEGMENT = "none";

    private final MeterRegistry registry;
    private final Counter processed;
    private final Counter duplicates;
    private final Counter invalid;
    private final Counter modelsAccepted;
    private final Counter modelsRejected;
    private final Counter reviewVisits;
    private final Timer changeLatency;
    private final AtomicLong modelVersion = new AtomicLong();
    /** The latest event clock any task of this instance has reached; Long.MIN_VALUE before any. */
    private final AtomicLong eventTimeMillis = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, Counter> changes = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> erasures = new ConcurrentHashMap<>();
    /** Per segment, per task: the task's customer count; the gauge sums the live tasks. */
    private final Map<String, Map<String, Long>> customersByTask = new ConcurrentHashMap<>();

    public SegmentationMetrics(MeterRegistry registry) {
        this.registry = registry;
        processed = events("processed");
        duplicates = events("duplicate");
        invalid = events("invalid");
        modelsAccepted = Counter.builder(MODELS).description("Segment model messages by outcome")
                .tag("result", "accepted").register(registry);
        modelsRejected = Counter.builder(MODELS).description("Segment model messages by outcome")
                .tag("result", "rejected").register(registry);
        reviewVisits = Counter.builder(REVIEW_VISITS)
                .description("Customers read by inactivity reviews (due or stale schedule entries)")
                .register(registry);
        changeLatency = Timer.builder(CHANGE_LATENCY)
                .description("Wall-clock time from a purchase or refund (or a due review) to its segment change")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        for (String result : new String[] {ERASURE_ERASED, ERASURE_UNKNOWN, ERASURE_INVALID}) {
            erasures.put(result, Counter.builder(ERASURES).description("Erasure requests by outcome")
                    .tag("result", result).register(registry));
        }
        Gauge.builder(MODEL_VERSION, modelVersion, AtomicLong::doubleValue)
                .description("Version of the segment model in force (0 before any)")
                .register(registry);
    }

    /**
     * Called by the tasks as their event clock (the latest accepted transaction's timestamp) advances or is restored,
     * so that the HTTP API's "now" is the topology's.
     */
    public void observeEventTime(long millis) {
        eventTimeMillis.accumulateAndGet(millis, Math::max);
    }

    /** This instance's event time: the latest event clock any of its tasks reached; empty before any. */
    public Optional<Instant> eventTime() {
        long millis = eventTimeMillis.get();
        return millis == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter events(String result) {
        return Counter.builder(EVENTS).description("Input transactions by outcome")
                .tag("result", result).register(registry);
    }

    public void processed() {
        processed.increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void invalid() {
        invalid.increment();
    }

    public void modelAccepted(long version) {
        modelsAccepted.increment();
        modelVersion.set(version);
    }

    public void modelRejected() {
        modelsRejected.increment();
    }

    public void reviewVisit() {
        reviewVisits.increment();
    }

    /** A handled failure: {@code deserialization}, {@code production} or {@code processing}. */
    public void error(String kind) {
        errors.computeIfAbsent(kind, k -> Counter.builder(ERRORS)
                .description("Records that failed outside validation and were handled").tag("kind", k)
                .register(registry)).increment();
    }

    /** @param segment the new segment; null when the customer leaves every segment (an erasure) */
    public void segmentChange(ChangeReason reason, String segment) {
        String tag = segment == null ? NO_SEGMENT : segment;
        changes.computeIfAbsent(reason.name() + '\u0000' + tag, key -> Counter.builder(SEGMENT_CHANGES)
                .description("Segment changes emitted, by reason and new segment")
                .tag("reason", reason.name())
                .tag("segment", tag)
                .register(registry)).increment();
    }

    /** One erasure request handled: {@link #ERASURE_ERASED}, {@link #ERASURE_UNKNOWN} or {@link #ERASURE_INVALID}. */
    public void erasure(String result) {
        Counter counter = erasures.get(result);
        if (counter == null) {
            throw new IllegalArgumentException("unknown erasure result " + result);
        }
        counter.increment();
    }

    public void changeLatency(Duration latency) {
        changeLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    }

    /** The task's current number of customers in the segment. */
    public void customers(String taskId, String segment, long count) {
        customersByTask.computeIfAbsent(segment, s -> {
            Map<String, Long> byTask = new ConcurrentHashMap<>();
            Gauge.builder(CUSTOMERS, byTask, tasks -> tasks.values().stream().mapToLong(Long::longValue).sum())
                    .description("Customers per segment on this instance")
                    .tag("segment", s)
                    .register(registry);
            return byTask;
        }).put(taskId, count);
    }

    /** The task left this instance (closed or migrated): its customers no longer count here. */
    public void forgetTask(String taskId) {
        customersByTask.values().forEach(byTask -> byTask.remove(taskId));
    }
}
