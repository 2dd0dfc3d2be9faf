package org.rfmstream.streams.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.InvalidModelException;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.Rfm;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.config.SegmentationOptions.Clock;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.state.CustomerEvent;
import org.rfmstream.streams.state.CustomerInput;
import org.rfmstream.streams.state.CustomerState;
import org.rfmstream.streams.state.MarketingTotals;
import org.rfmstream.streams.state.Erasure;
import org.rfmstream.streams.state.ModelStore;
import org.rfmstream.streams.state.ReviewQueue;
import org.rfmstream.streams.state.SegmentMembers;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.streams.state.StoreNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business rules, per customer: dedup, exact RFM, the segment under the current model, and a
 * {@link SegmentChange} whenever — and only when — the segment actually changes.
 *
 * <p>Before it applies anything at an instant, a customer is brought up to date to that instant: a new model
 * re-scores them ({@code MODEL_UPDATE}) and every inactivity review due by then moves them at its exact review
 * instant ({@code INACTIVITY}). So the answers never depend on when a punctuation happened to run.
 *
 * <p>"Now" is, per {@link Clock}, the system clock or the task's <em>event clock</em>: the latest timestamp of a
 * transaction this processor accepted (the validated payload field). Kafka's stream time is not used, because every
 * consumed record moves it, also one the ingest refuses to the DLQ and one whose record timestamp is the producer's
 * wall clock. Only {@link #process} advances the event clock (a duplicate does not), and it is rebuilt when the task
 * starts from what the task wrote: the checkpoint in the progress store and the latest {@code updatedAt} of its
 * customers, which is never later than the clock that stamped it.
 *
 * <p>Reviews run from the time-ordered {@link ReviewQueue}, touching only the customers due: in event time as soon
 * as the event clock reaches them, in wall-clock time on a review tick of the system clock. The wall-clock tick adopts a new model from the global store, re-scores the
 * task's customers in bounded batches resuming from a saved key, runs what reviews are left, and checkpoints the
 * event clock.
 *
 * <p>Only the profiles (and the re-scoring progress) are logged. The review queue, the segment totals and the
 * membership index are derived from the profiles, so they live in memory and are rebuilt when the task starts.
 *
 * <p>An {@link Erasure} removes the customer from all of them at once (see {@link #erase}).
 */
final class SegmentationProcessor implements Processor<String, CustomerInput, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationProcessor.class);
    /** "Not known yet"; every real instant, also one before 1970, is above it. */
    private static final long UNKNOWN_TIME = Long.MIN_VALUE;
    /** Progress keys: the model version of the current (or last) re-scoring pass and the last customer done. */
    static final String RESCORE_VERSION = "rescore.version";
    static final String RESCORE_AFTER = "rescore.after";
    /** Progress key: the event clock as of the last wall-clock tick (epoch millis). */
    static final String EVENT_CLOCK = "event.clock";

    private final SegmentationOptions options;
    private final SegmentationMetrics metrics;
    private final long retentionMillis;

    private ProcessorContext<String, Object> context;
    private String taskId;
    private KeyValueStore<String, CustomerState> profiles;
    private KeyValueStore<String, SegmentStats> statsStore;
    private KeyValueStore<Bytes, byte[]> members;
    private KeyValueStore<String, String> progress;
    private MarketingTotals marketing;
    private ReadOnlyKeyValueStore<String, SegmentModel> models;
    private final Map<String, SegmentStats> stats = new HashMap<>();
    private final ReviewQueue reviews = new ReviewQueue();
    private SegmentScorer scorer;
    private long modelVersion;
    /** The latest accepted transaction's timestamp (event-time mode), and what the progress store holds of it. */
    private long eventClock = UNKNOWN_TIME;
    private long checkpointedClock = UNKNOWN_TIME;

    SegmentationProcessor(SegmentationOptions options, SegmentationMetrics metrics) {
        this.options = options;
        this.metrics = metrics;
        this.retentionMillis = options.dedupRetention().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        taskId = context.taskId().toString();
        profiles = context.getStateStore(StoreNames.PROFILES);
        statsStore = context.getStateStore(StoreNames.SEGMENT_STATS);
        members = context.getStateStore(StoreNames.SEGMENT_MEMBERS);
        progress = context.getStateStore(StoreNames.PROGRESS);
        marketing = new MarketingTotals(context.getStateStore(StoreNames.MARKETING_TOTALS));
        models = context.getStateStore(StoreNames.MODEL);
        long latestUpdate = rebuildDerivedState();
        if (options.clock() == Clock.EVENT_TIME) {
            restoreEventClock(latestUpdate);
        }
        adoptLatestModel();
        context.schedule(options.modelCheckInterval(), PunctuationType.WALL_CLOCK_TIME, wallClock -> {
            adoptLatestModel();
            long now = now();
            rescoreBatch(now);
            reviewDue(now);
            checkpointEventClock();
        });
        if (options.clock() == Clock.WALL_CLOCK) {
            context.schedule(options.reviewInterval(), PunctuationType.WALL_CLOCK_TIME, time -> reviewDue(now()));
        }
    }

    @Override
    public void process(Record<String, CustomerInput> record) {
        if (!(record.value() instanceof CustomerEvent event)) {
            erase(record.key(), (Erasure) record.value());
            return;
        }
        String customerId = record.key();
        CustomerState state = profiles.get(customerId);
        if (state == null) {
            state = new CustomerState();
        } else if (state.hasSeen(event.eventId())) {
            metrics.duplicate();
            return;
        }
        long at = Math.max(now(), event.timestampMillis());
        Before before = before(state);
        bringUpToDate(customerId, state, at);
        state.apply(event);
        state.remember(event, retentionMillis);
        if (scorer != null && state.hasPurchased()) {
            assign(customerId, state, at, event.isPurchase() ? ChangeReason.PURCHASE : ChangeReason.REFUND,
                    event.eventId(), event.timestampMillis());
        }
        state.touched(at);
        save(customerId, state, before);
        metrics.processed();
        if (options.clock() == Clock.EVENT_TIME) {
            advanceEventClock(event.timestampMillis());
        }
    }

    /** An accepted event moves the event clock, and the reviews it reaches run (at most a batch). */
    private void advanceEventClock(long eventMillis) {
        if (eventMillis <= eventClock) {
            return;
        }
        eventClock = eventMillis;
        metrics.observeEventTime(eventClock);
        reviewDue(eventClock);
    }

    /**
     * The clock after a restart, a task move or a revival: the later of its checkpoint and the latest update of any
     * customer (the clock that stamped an update was at least that late). Both come back with the changelogs.
     */
    private void restoreEventClock(long latestUpdate) {
        String checkpoint = progress.get(EVENT_CLOCK);
        checkpointedClock = checkpoint == null ? UNKNOWN_TIME : Long.parseLong(checkpoint);
        eventClock = Math.max(checkpointedClock, latestUpdate);
        if (eventClock != UNKNOWN_TIME) {
            metrics.observeEventTime(eventClock);
            LOG.info("Task {} resumes its event clock at {}", taskId, Instant.ofEpochMilli(eventClock));
        }
    }

    /** Kept once per wall-clock tick, not per event: the profiles' updates cover what happened since. */
    private void checkpointEventClock() {
        if (eventClock != checkpointedClock) {
            progress.put(EVENT_CLOCK, Long.toString(eventClock));
            checkpointedClock = eventClock;
        }
    }

    /**
     * Forgets the customer everywhere the task keeps them: the profile with its dedup memory (deleted from the store,
     * so its changelog gets a tombstone), the review queue, the membership index, the segment and marketing totals;
     * writes a tombstone to {@code customer-profiles}; and, if the customer was in a segment, emits the change that takes
     * them out of it ({@code ERASURE}, segment null, the previous segment being the last one emitted, so each
     * customer's chain of changes stays whole). A transaction that arrives later starts a new customer. Logged
     * without anything that identifies the person.
     */
    private void erase(String customerId, Erasure erasure) {
        CustomerState state = profiles.get(customerId);
        if (state == null) {
            metrics.erasure(SegmentationMetrics.ERASURE_UNKNOWN);
            LOG.info("Task {} received an erasure request for a customer it does not hold; nothing to erase", taskId);
            return;
        }
        long now = now();
        long at = now == UNKNOWN_TIME ? erasure.requestedAtMillis() : now;
        Before before = before(state);
        profiles.delete(customerId);
        marketing.update(before.marketing, null);
        if (before.nextReviewAt != Long.MIN_VALUE) {
            reviews.remove(before.nextReviewAt, customerId);
        }
        if (before.segment != null) {
            members.delete(SegmentMembers.key(before.segment, customerId));
            addToStats(before.segment, SegmentStats.EMPTY.minus(before.contribution));
        }
        forgetRescoreResumePoint(customerId);
        context.forward(new Record<>(customerId, ProfileTombstone.INSTANCE, at));
        if (before.segment != null) {
            context.forward(new Record<>(customerId, SegmentChange.erasure(customerId, before.segment,
                    Instant.ofEpochMilli(at), Math.max(modelVersion, state.modelVersion())), at));
            metrics.segmentChange(ChangeReason.ERASURE, null);
        }
        metrics.erasure(SegmentationMetrics.ERASURE_ERASED);
        LOG.info("Task {} erased a customer: profile, dedup memory, review, segment membership and totals", taskId);
    }

    /**
     * A re-scoring pass resumes after the id it saved last; if that is the erased customer's, the pass resumes after
     * the id before it instead, which leaves the same customers to do and no trace of the erased id in the progress
     * store (its changelog keeps only the latest value once compacted).
     */
    private void forgetRescoreResumePoint(String customerId) {
        if (!customerId.equals(progress.get(RESCORE_AFTER))) {
            return;
        }
        String previous = "";
        try (KeyValueIterator<String, CustomerState> earlier = profiles.reverseRange(null, customerId)) {
            while (earlier.hasNext()) {
                String key = earlier.next().key;
                if (!key.equals(customerId)) {
                    previous = key;
                    break;
                }
            }
        }
        progress.put(RESCORE_AFTER, previous);
    }

    /** Applies a pending model change, then every review due by {@code at}, each at its own instant. */
    private void bringUpToDate(String customerId, CustomerState state, long at) {
        if (scorer == null || !state.hasPurchased()) {
            return;
        }
        if (state.modelVersion() != modelVersion) {
            assign(customerId, state, at, ChangeReason.MODEL_UPDATE, null, UNKNOWN_TIME);
        }
        while (state.hasReview() && state.nextReviewAtMillis() <= at) {
            long reviewAt = state.nextReviewAtMillis();
            assign(customerId, state, reviewAt, ChangeReason.INACTIVITY, null,
                    options.clock() == Clock.WALL_CLOCK ? reviewAt : UNKNOWN_TIME);
        }
    }

    /**
     * Scores the customer at {@code at} under the current model and emits a change if the segment moved.
     *
     * @param causeMillis the wall-clock-comparable instant the change's latency is measured from, or UNKNOWN_TIME
     */
    private void assign(String customerId, CustomerState state, long at, ChangeReason reason, String eventId,
                        long causeMillis) {
        Rfm rfm = state.rfm(at);
        SegmentModel.Segment segment = scorer.nearest(rfm);
        Instant nextReviewAt = scorer.nextReviewAt(state.lastPurchase(), rfm.frequency(), rfm.monetary(),
                Instant.ofEpochMilli(at));
        String previous = state.segment();
        state.assign(segment.id(), at, modelVersion, nextReviewAt);
        state.touched(at);
        if (segment.id().equals(previous)) {
            return;
        }
        context.forward(new Record<>(customerId, new SegmentChange(customerId, previous, segment.id(), reason,
                Instant.ofEpochMilli(at), modelVersion, eventId, rfm), at));
        metrics.segmentChange(reason, segment.id());
        if (causeMillis != UNKNOWN_TIME) {
            metrics.changeLatency(Duration.ofMillis(System.currentTimeMillis() - causeMillis));
        }
    }

    /** Writes the customer and keeps the schedule, the membership index and the segment totals in step. */
    private void save(String customerId, CustomerState state, Before before) {
        profiles.put(customerId, state);
        long nextReviewAt = state.hasReview() ? state.nextReviewAtMillis() : Long.MIN_VALUE;
        if (before.nextReviewAt != nextReviewAt) {
            if (before.nextReviewAt != Long.MIN_VALUE) {
                reviews.remove(before.nextReviewAt, customerId);
            }
            if (nextReviewAt != Long.MIN_VALUE) {
                reviews.add(nextReviewAt, customerId);
            }
        }
        String segment = state.segment();
        if (!Objects.equals(before.segment, segment)) {
            if (before.segment != null) {
                members.delete(SegmentMembers.key(before.segment, customerId));
            }
            members.put(SegmentMembers.key(segment, customerId), SegmentMembers.NO_VALUE);
        }
        SegmentStats contribution = contribution(state);
        if (!Objects.equals(before.segment, segment)) {
            if (before.segment != null) {
                addToStats(before.segment, SegmentStats.EMPTY.minus(before.contribution));
            }
            if (segment != null) {
                addToStats(segment, contribution);
            }
        } else if (segment != null && !contribution.equals(before.contribution)) {
            addToStats(segment, contribution.minus(before.contribution));
        }
        marketing.update(before.marketing, marketing.contributionOf(state));
        CustomerProfile profile = state.toProfile(customerId);
        context.forward(new Record<>(customerId, profile, profile.updatedAt().toEpochMilli()));
    }

    /**
     * The review queue, the membership index, the segment totals and the marketing totals are derived from the
     * profiles, so they are not logged: each time the task starts (after any restore, also when a corrupted task is
     * revived in this same processor) they are rebuilt in one pass over the profile store.
     *
     * @return the latest {@code updatedAt} of the task's customers, UNKNOWN_TIME if it has none
     */
    private long rebuildDerivedState() {
        SegmentModel latest = models.get(ModelStore.CURRENT_KEY);
        // the edges of the model about to be adopted, so that adopting it does not sum everything a second time
        marketing.rebuild(Collections.emptyIterator(), latest == null || latest.rfm() == null
                || !ModelValidation.problems(latest).isEmpty() ? null
                : new MarketingTotals.EdgesEntry(latest.version(), latest.rfm()));
        stats.clear();
        reviews.clear();
        long latestUpdate = UNKNOWN_TIME;
        try (KeyValueIterator<String, CustomerState> all = profiles.all()) {
            while (all.hasNext()) {
                KeyValue<String, CustomerState> entry = all.next();
                CustomerState state = entry.value;
                latestUpdate = Math.max(latestUpdate, state.updatedAtMillis());
                if (state.hasReview()) {
                    reviews.add(state.nextReviewAtMillis(), entry.key);
                }
                if (state.segment() != null) {
                    members.put(SegmentMembers.key(state.segment(), entry.key), SegmentMembers.NO_VALUE);
                }
                SegmentStats contribution = contribution(state);
                if (contribution != null) {
                    stats.merge(state.segment(), contribution, SegmentStats::plus);
                }
                marketing.update(null, marketing.contributionOf(state));
            }
        }
        stats.forEach((segment, totals) -> {
            statsStore.put(segment, totals);
            metrics.customers(taskId, segment, totals.customers());
        });
        return latestUpdate;
    }

    private void addToStats(String segment, SegmentStats delta) {
        SegmentStats updated = stats.getOrDefault(segment, SegmentStats.EMPTY).plus(delta);
        if (updated.isEmpty()) {
            stats.remove(segment);
            statsStore.delete(segment);
        } else {
            stats.put(segment, updated);
            statsStore.put(segment, updated);
        }
        metrics.customers(taskId, segment, updated.customers());
    }

    private static SegmentStats contribution(CustomerState state) {
        return state.segment() == null ? null
                : SegmentStats.ofCustomer(state.frequency(), state.monetaryCents(), state.lastPurchaseMillis());
    }

    /** What {@link #save} needs to know about the customer as it was before the change. */
    private record Before(String segment, long nextReviewAt, SegmentStats contribution,
                          MarketingTotals.Contribution marketing) {
    }

    private Before before(CustomerState state) {
        return new Before(state.segment(), state.hasReview() ? state.nextReviewAtMillis() : Long.MIN_VALUE,
                contribution(state), marketing.contributionOf(state));
    }

    /** Runs the reviews due by {@code now}, at most a batch; the rest wait for the next tick. */
    private void reviewDue(long now) {
        if (scorer == null || now == UNKNOWN_TIME || !reviews.anyDue(now)) {
            return;
        }
        for (ReviewQueue.Review review : reviews.due(now, options.reviewBatchSize())) {
            metrics.reviewVisit();
            String customerId = review.customerId();
            CustomerState state = profiles.get(customerId);
            if (state == null || !state.hasReview() || state.nextReviewAtMillis() != review.atMillis()) {
                reviews.remove(review.atMillis(), customerId); // cannot happen while save() keeps both in step
                continue;
            }
            Before before = before(state);
            bringUpToDate(customerId, state, now);
            save(customerId, state, before);
        }
    }

    /** Adopts the global store's model if it is not the one in use, and starts a re-scoring pass for it. */
    private void adoptLatestModel() {
        SegmentModel latest = models.get(ModelStore.CURRENT_KEY);
        if (latest == null || (scorer != null && latest.version() == modelVersion)) {
            return;
        }
        try {
            scorer = SegmentScorer.of(latest);
        } catch (InvalidModelException e) {
            LOG.warn("Task {} keeps model version {}: {}", taskId, modelVersion, e.getMessage());
            return;
        }
        modelVersion = latest.version();
        adoptRfmEdges(latest);
        String version = Long.toString(modelVersion);
        if (!version.equals(progress.get(RESCORE_VERSION))) {
            progress.put(RESCORE_VERSION, version);
            progress.put(RESCORE_AFTER, "");
            LOG.info("Task {} adopts segment model version {}; re-scoring its customers", taskId, modelVersion);
        }
    }

    /**
     * The RFM cells are keyed by F and M scores under the model's edges, so other edges mean summing the task's
     * customers again: one pass over the profile store, once per model that changes the edges (the spend histogram
     * does not depend on the model and is kept as it is).
     */
    private void adoptRfmEdges(SegmentModel latest) {
        MarketingTotals.EdgesEntry current = marketing.edges();
        if (current == null ? latest.rfm() == null : current.edges().equals(latest.rfm())) {
            return;
        }
        long started = System.nanoTime();
        try (KeyValueIterator<String, CustomerState> all = profiles.all()) {
            marketing.rebuild(all, latest.rfm() == null ? null
                    : new MarketingTotals.EdgesEntry(latest.version(), latest.rfm()));
        }
        LOG.info("Task {} re-summed its RFM cells for the edges of model version {} in {} ms", taskId,
                latest.version(), (System.nanoTime() - started) / 1_000_000);
    }

    /** One bounded batch of the re-scoring pass, resuming after the last customer done. */
    private void rescoreBatch(long now) {
        String after = progress.get(RESCORE_AFTER);
        if (after == null || scorer == null || now == UNKNOWN_TIME) {
            return;
        }
        List<KeyValue<String, CustomerState>> batch = new ArrayList<>();
        boolean more = false;
        try (KeyValueIterator<String, CustomerState> entries = profiles.range(after.isEmpty() ? null : after, null)) {
            while (entries.hasNext()) {
                KeyValue<String, CustomerState> entry = entries.next();
                if (entry.key.equals(after)) {
                    continue;
                }
                if (batch.size() == options.rescoreBatchSize()) {
                    more = true;
                    break;
                }
                batch.add(entry);
            }
        }
        for (KeyValue<String, CustomerState> entry : batch) {
            CustomerState state = entry.value;
            if (state.hasPurchased() && state.modelVersion() != modelVersion) {
                Before before = before(state);
                bringUpToDate(entry.key, state, now);
                    save(entry.key, state, before);
            }
        }
        if (more) {
            progress.put(RESCORE_AFTER, batch.getLast().key);
        } else {
            progress.delete(RESCORE_AFTER);
            LOG.info("Task {} re-scored all its customers for model version {}", taskId, modelVersion);
        }
    }

    /** "Now" per the configured clock; UNKNOWN_TIME while the task has accepted no transaction in event time. */
    private long now() {
        return options.clock() == Clock.WALL_CLOCK ? context.currentSystemTimeMs() : eventClock;
    }

    @Override
    public void close() {
        metrics.forgetTask(taskId);
    }
}
