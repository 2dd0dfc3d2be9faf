package org.rfmstream.streams.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.Rfm;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;
import org.rfmstream.schemas.value.CustomerValue;
import org.rfmstream.schemas.value.ValueSettings;
import org.rfmstream.streams.query.PeerClient.PeerUnreachableException;
import org.rfmstream.streams.state.SegmentStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of the HTTP API, computed over this instance's state and, when needed, the other instances'.
 * Several instances behave as one service: a customer is answered by the instance that owns its partition
 * (one forwarding hop at most), a standby or restoring copy answers with its lag when the owner cannot, and
 * everything that is not possible right now is {@link Answer.Unavailable} with a retry delay, never a wait loop. Plain code
 * over its sources ({@link MetadataSource}, {@link LocalCustomerStore}, {@link ModelSource}, {@link PeerClient}):
 * neither Kafka Streams nor HTTP.
 */
public final class QueryService {

    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);

    private final MetadataSource metadata;
    private final LocalCustomerStore store;
    private final ModelSource models;
    private final CurrentScorer scorer;
    private final PeerQueries peers;
    private final Supplier<Instant> now;
    private final Options options;
    private final MarketingQueries marketing;
    private final SegmentValueAggregator segmentValues;

    /** The days after {@code asOf} at which a customer's answer gives P(alive) if they buy nothing more. */
    private static final int[] DECAY_DAYS = decayDays();

    private static int[] decayDays() {
        int[] days = new int[53];
        for (int w = 0; w < days.length; w++) {
            days[w] = 7 * w;
        }
        return days;
    }

    /**
     * @param now "now" for recency when a request gives no {@code asOf}: the instance's event clock in event-time
     *            mode (null while no task of this instance knows it: then a customer is evaluated as of its own
     *            last update, and segments as of the model's {@code asOf}), the system clock in wall-clock mode
     */
    public QueryService(MetadataSource metadata, LocalCustomerStore store, ModelSource models, PeerClient peers,
                        Supplier<Instant> now, Options options) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.store = Objects.requireNonNull(store, "store");
        this.models = Objects.requireNonNull(models, "models");
        this.scorer = new CurrentScorer(models, options.value());
        this.peers = new PeerQueries(Objects.requireNonNull(peers, "peers"), metadata.self());
        this.now = Objects.requireNonNull(now, "now");
        this.options = Objects.requireNonNull(options, "options");
        this.segmentValues = new SegmentValueAggregator(store, scorer::value, now);
        this.marketing = new MarketingQueries(this, metadata, store, scorer, this.peers, peers, now);
    }

    /** The marketer's answers: RFM groups, revenue concentration, the customer CSV. */
    public MarketingQueries marketing() {
        return marketing;
    }

    /**
     * @param standbyMaxLag     the most records a standby may be behind and still answer for an unreachable owner
     * @param retryAfterSeconds the {@code Retry-After} of 503 answers
     * @param value             how the value models turn into a customer's figures (horizon, margin, discount)
     */
    public record Options(long standbyMaxLag, long retryAfterSeconds, ValueSettings value) {
        public static final long DEFAULT_STANDBY_MAX_LAG = 10_000;
        public static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

        public Options(long standbyMaxLag, long retryAfterSeconds) {
            this(standbyMaxLag, retryAfterSeconds, ValueSettings.defaults());
        }

        public static Options defaults() {
            return new Options(DEFAULT_STANDBY_MAX_LAG, DEFAULT_RETRY_AFTER_SECONDS);
        }

        public Options withValue(ValueSettings newValue) {
            return new Options(standbyMaxLag, retryAfterSeconds, newValue);
        }
    }

    /**
     * Evaluates every local customer's value for the per-segment figures of {@code /api/segments}; call it on a
     * schedule from a background thread (see {@link SegmentValueAggregator}).
     */
    public void refreshSegmentValues() {
        if (metadata.running()) {
            segmentValues.refresh();
        }
    }

    public Host self() {
        return metadata.self();
    }

    // ---- customers ------------------------------------------------------------------------------------------

    /**
     * One customer, from the best copy that can answer: the active owner's (here, or one forwarding hop away),
     * else a copy that may be behind (this instance's standby or restoring copy, then the other standbys), with
     * {@code stale: true} and its lag; unavailable only when no copy can answer. Works while this instance is
     * rebalancing: the local read takes any local copy, whatever the stream thread is doing.
     *
     * @param asOf      the instant for recency; null for "now"
     * @param forwarded true when another instance already forwarded this request: never forward it again
     */
    public Answer customer(String customerId, Instant asOf, boolean forwarded) {
        Optional<KeyOwners> found = metadata.ownersOf(customerId);
        if (found.isEmpty()) {
            return unavailable("The owner of customer '" + customerId + "' is not known right now (the application "
                    + "is starting and has no assignment yet).");
        }
        KeyOwners owners = found.get();
        Host self = metadata.self();
        Instant at = asOf != null ? asOf : now.get();
        String path = PeerPaths.customer(customerId, asOf);
        List<String> tried = new ArrayList<>();
        if (owners.active().equals(self)) {
            LocalCopy active = localCopy(customerId, owners.partition());
            if (active.isCaughtUp()) {
                return answer(active, at, false);
            }
        } else if (!forwarded) {
            Optional<Answer> fromOwner = ask(owners.active(), "owner", path, tried);
            if (fromOwner.isPresent()) {
                return fromOwner.get();
            }
        }
        // The active copy cannot answer: a copy that may be behind can, this instance's first (no hop). A copy
        // that is behind and does not know the customer proves nothing (it may be restoring): never a 404.
        LocalCopy local = localCopy(customerId, owners.partition());
        if (local.isWithin(options.standbyMaxLag())) {
            if (local.profile().isPresent() || local.lag() == 0) {
                return answer(local, at, true);
            }
            tried.add("this instance's copy is " + local.lag() + " records behind and does not know the customer");
        } else {
            tried.add(local.describe(self, options.standbyMaxLag()));
        }
        if (!forwarded) {
            List<Host> standbys = owners.standbys().stream()
                    .filter(host -> !host.equals(self))
                    .sorted(Comparator.comparing(Host::toString))
                    .toList();
            for (Host standby : standbys) {
                Optional<Answer> fromStandby = ask(standby, "standby", path, tried);
                if (fromStandby.isPresent()) {
                    return fromStandby.get();
                }
            }
        }
        return unavailable("No copy of customer '" + customerId + "' (partition " + owners.partition()
                + ", owner " + owners.active() + ") can answer right now: " + String.join("; ", tried) + ".");
    }

    /** Another instance's answer if it has one (any status below 500); otherwise why not, in {@code tried}. */
    private Optional<Answer> ask(Host host, String role, String path, List<String> tried) {
        try {
            Answer.Relayed answer = peers.forward(host, path);
            if (answer.status() < 500) {
                return Optional.of(answer);
            }
            tried.add(role + " " + host + " answered " + answer.status());
        } catch (PeerUnreachableException e) {
            LOG.debug("The {} {} is unreachable: {}", role, host, e.getMessage());
            tried.add(role + " " + host + " is unreachable");
        }
        return Optional.empty();
    }

    private Answer answer(LocalCopy copy, Instant at, boolean stale) {
        return copy.profile()
                .map(p -> Answer.found(view(p, at, stale, stale ? copy.lag() : null)))
                .orElseGet(() -> unknownCustomer(copy.customerId()));
    }

    /** This instance's copy of the customer's partition, whichever kind it is, and how far behind it is. */
    private LocalCopy localCopy(String customerId, int partition) {
        OptionalLong lag = metadata.localLag(partition);
        if (lag.isEmpty()) {
            return new LocalCopy(customerId, null, null, "holds no copy of partition " + partition);
        }
        try {
            return new LocalCopy(customerId, store.profile(customerId, partition), lag.getAsLong(), null);
        } catch (StoreUnavailableException e) {
            return new LocalCopy(customerId, null, null, "cannot read its copy of partition " + partition + " ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * @param profile null when there is no readable copy; empty when the copy has no such customer
     * @param lag     records behind the changelog's end; 0 for an active copy that is caught up
     */
    private record LocalCopy(String customerId, Optional<CustomerProfile> profile, Long lag, String problem) {

        boolean isCaughtUp() {
            return profile != null && lag == 0;
        }

        boolean isWithin(long maxLag) {
            return profile != null && lag <= maxLag;
        }

        String describe(Host self, long maxLag) {
            return profile == null ? "this instance (" + self + ") " + problem
                    : "this instance's copy is " + lag + " records behind (the limit is " + maxLag + ")";
        }
    }

    private static Answer unknownCustomer(String customerId) {
        return Answer.notFound("No customer with id '" + customerId + "'.");
    }

    /** The profile and the current model's view of it at the instant. */
    CustomerView view(CustomerProfile profile, Instant at, boolean stale, Long lag) {
        Instant asOf = at != null ? at : profile.updatedAt() != null ? profile.updatedAt() : Instant.now();
        long recencyDays = profile.recencyDays(asOf);
        SegmentScorer current = scorer.get();
        String segment = profile.segment();
        String segmentName = null;
        String action = null;
        Map<String, Double> distances = Map.of();
        Long modelVersion = profile.modelVersion();
        Instant nextReviewAt = null;
        String nextReview = null;
        if (current != null) {
            Rfm rfm = new Rfm(recencyDays, profile.frequency(), profile.monetary());
            SegmentScorer.Assignment assignment = current.score(rfm);
            segment = assignment.segment().id();
            segmentName = assignment.segment().name();
            action = assignment.segment().action();
            distances = distancesById(current.segments(), assignment.distances());
            modelVersion = current.model().version();
            nextReviewAt = current.nextReviewAt(profile.lastPurchase(), profile.frequency(), profile.monetary(),
                    asOf);
            if (nextReviewAt != null) {
                SegmentModel.Segment next = current.nearest(new Rfm(
                        Rfm.recencyDays(profile.lastPurchase(), nextReviewAt), profile.frequency(),
                        profile.monetary()));
                nextReview = "moves to " + next.name() + " on " + LocalDate.ofInstant(nextReviewAt, ZoneOffset.UTC)
                        + " unless they buy";
            }
        }
        return new CustomerView(profile.customerId(), profile.firstPurchase(), profile.lastPurchase(),
                profile.frequency(), profile.monetary(), profile.refunded(), profile.segment(),
                profile.segmentSince(), profile.updatedAt(), asOf, recencyDays, segment, segmentName, action,
                distances, modelVersion, nextReviewAt, nextReview, metadata.self().toString(), stale, lag,
                value(profile, asOf), rfmScores(current, profile, recencyDays));
    }

    /** The customer's value at the instant with P(alive)'s decay, or null without value models. */
    private CustomerValue value(CustomerProfile profile, Instant asOf) {
        ValueModel model = scorer.value();
        if (model == null) {
            return null;
        }
        try {
            CustomerValue value = model.scorer().evaluate(profile, asOf);
            return value == null ? null : value.withDecay(model.scorer().pAliveDecay(profile, asOf, DECAY_DAYS));
        } catch (ArithmeticException e) {
            LOG.warn("No value for customer {}: {}", profile.customerId(), e.getMessage());
            return null;
        }
    }

    /** The customer's RFM scores and group under the current model's edges; null without edges or purchases. */
    private static RfmScoring.Scores rfmScores(SegmentScorer current, CustomerProfile profile, long recencyDays) {
        if (current == null || current.model().rfm() == null || profile.lastPurchase() == null) {
            return null;
        }
        return RfmScoring.score(current.model().rfm(), recencyDays, profile.frequency(),
                profile.monetary() == null ? 0 : Money.toCents(profile.monetary()));
    }

    private static Map<String, Double> distancesById(List<SegmentModel.Segment> segments, double[] distances) {
        Map<String, Double> byId = new LinkedHashMap<>(segments.size() * 2);
        for (int s = 0; s < distances.length; s++) {
            byId.put(segments.get(s).id(), distances[s]);
        }
        return byId;
    }

    // ---- segments -------------------------------------------------------------------------------------------

    /** This instance's own per-segment sums, for {@link PeerPaths#INTERNAL_SEGMENT_TOTALS}. */
    public Answer localSegmentStats() {
        try {
            return Answer.found(localStatsReport());
        } catch (StoreUnavailableException e) {
            return unavailable("The segment statistics of " + metadata.self() + " are not queryable right now: "
                    + e.getMessage());
        }
    }

    /**
     * Statistics per segment across all instances: each instance's sums, added up here, so the cost is
     * O(segments × instances) whatever the number of customers. Partitions that no instance can read right now
     * (restoring, moving, or on an instance that is down) are left out and named in {@code missingPartitions};
     * unavailable only when no partition can be read at all.
     *
     * @param asOf the instant for mean recency; null for "now"
     */
    public Answer segments(Instant asOf) {
        Instant at = asOf != null ? asOf : now.get();
        if (at == null) {
            SegmentScorer current = scorer.get();
            at = current != null ? current.model().asOf() : Instant.now();
        }
        Map<String, SegmentStats> sums = new HashMap<>();
        Map<String, SegmentValue> values = new HashMap<>();
        long[] bins = new long[SegmentValueReport.BINS];
        List<Host> hosts = metadata.activeHosts();
        ValueModel valueModel = scorer.value();
        Instant valueAsOf = null;
        boolean allValues = valueModel != null;
        PeerQueries.Reports<SegmentStatsReport> reports = peers.fromEveryHost(hosts,
                PeerPaths.INTERNAL_SEGMENT_TOTALS, this::localStatsReport, SegmentStatsReport.class);
        SortedSet<Integer> covered = new TreeSet<>();
        for (SegmentStatsReport report : reports.answers()) {
            report.stats().forEach((id, stats) -> sums.merge(id, stats, SegmentStats::plus));
            covered.addAll(report.partitions());
            SegmentValueReport scan = report.values();
            // value figures only when every instance has scanned under the model in force
            if (scan == null || valueModel == null || scan.modelVersion() != valueModel.modelVersion()) {
                allValues = false;
            } else {
                scan.segments().forEach((id, value) -> values.merge(id, value, SegmentValue::plus));
                for (int b = 0; b < bins.length && scan.churnRiskBins() != null; b++) {
                    bins[b] += scan.churnRiskBins()[Math.min(b, scan.churnRiskBins().length - 1)];
                }
                valueAsOf = valueAsOf == null || scan.asOf().isBefore(valueAsOf) ? scan.asOf() : valueAsOf;
            }
        }
        if (covered.isEmpty()) {
            return unavailable("No partition of the segment statistics can be read right now"
                    + reports.problemList());
        }
        List<Integer> missing = missing(covered);
        // value figures are about every customer: none while a partition is missing
        allValues &= missing.isEmpty();
        return Answer.found(segmentsView(sums, allValues ? values : null, allValues ? valueAsOf : null,
                allValues ? distribution(bins) : null, at, reports.answers().size(), missing));
    }

    private static List<SegmentsView.ChurnRiskBin> distribution(long[] bins) {
        List<SegmentsView.ChurnRiskBin> distribution = new ArrayList<>(bins.length);
        for (int b = 0; b < bins.length; b++) {
            distribution.add(new SegmentsView.ChurnRiskBin(b / (double) bins.length, (b + 1) / (double) bins.length,
                    bins[b]));
        }
        return distribution;
    }

    private SegmentStatsReport localStatsReport() {
        Covered<Map<String, SegmentStats>> stats = store.segmentStats();
        return new SegmentStatsReport(metadata.self().toString(), stats.value(), segmentValues.latest(),
                stats.partitions());
    }

    /** The partitions of the application that no answer covered. */
    private List<Integer> missing(SortedSet<Integer> covered) {
        SortedSet<Integer> missing = new TreeSet<>(metadata.allPartitions());
        missing.removeAll(covered);
        return List.copyOf(missing);
    }

    private SegmentsView segmentsView(Map<String, SegmentStats> sums, Map<String, SegmentValue> values,
                                      Instant valueAsOf, List<SegmentsView.ChurnRiskBin> churnRisk,
                                      Instant asOf, int instances, List<Integer> missingPartitions) {
        SegmentStats all = sums.values().stream().reduce(SegmentStats.EMPTY, SegmentStats::plus);
        SegmentScorer current = scorer.get();
        List<SegmentsView.SegmentStatistics> statistics = new ArrayList<>();
        Map<String, SegmentStats> remaining = new HashMap<>(sums);
        if (current != null) {
            for (SegmentModel.Segment segment : current.segments()) {
                SegmentStats stats = remaining.remove(segment.id());
                statistics.add(statistics(segment.id(), segment.name(), segment.action(), true,
                        stats == null ? SegmentStats.EMPTY : stats, all, asOf, valueOf(values, segment.id())));
            }
        }
        remaining.entrySet().stream()
                .filter(entry -> !entry.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> statistics.add(statistics(entry.getKey(), null, null, false, entry.getValue(),
                        all, asOf, valueOf(values, entry.getKey()))));
        return new SegmentsView(current == null ? null : current.model().version(), asOf, all.customers(),
                all.revenue(), instances, statistics, missingPartitions, valueAsOf, churnRisk);
    }

    private static SegmentValue valueOf(Map<String, SegmentValue> values, String id) {
        return values == null ? null : values.getOrDefault(id, SegmentValue.EMPTY);
    }

    private static SegmentsView.SegmentStatistics statistics(String id, String name, String action, boolean inModel,
                                                             SegmentStats stats, SegmentStats all, Instant asOf,
                                                             SegmentValue value) {
        return new SegmentsView.SegmentStatistics(id, name, action, inModel, stats.customers(),
                share(stats.customers(), all.customers()), stats.meanRecencyDays(asOf), stats.meanFrequency(),
                stats.meanMonetary(), stats.revenue(), share(stats.monetaryCentsSum(), all.monetaryCentsSum()),
                value == null ? null : value.meanChurnRisk(),
                value == null ? null : Money.fromCents(value.predictedClvCents()));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    // ---- a segment's customers ------------------------------------------------------------------------------

    /** This instance's own page of the segment, for {@link PeerPaths#INTERNAL_SEGMENT_CUSTOMERS}. */
    public Answer localSegmentPage(String segmentId, String after, int limit) {
        try {
            return Answer.found(localPageReport(segmentId, after, limit));
        } catch (StoreUnavailableException e) {
            return unavailable("The customers of " + metadata.self() + " are not queryable right now: "
                    + e.getMessage());
        }
    }

    private SegmentPageReport localPageReport(String segmentId, String after, int limit) {
        Covered<List<CustomerProfile>> page = store.segmentPage(segmentId, after, limit);
        return new SegmentPageReport(metadata.self().toString(), page.value(), page.partitions(), page.complete());
    }

    /**
     * A page of the segment's customers across all instances, sorted by customer id: each instance's first
     * {@code limit + 1} after the cursor, merged. The cursor is a customer id, so pages stay stable while
     * customers are added or partitions move. Partitions that cannot be read right now are named in
     * {@code missingPartitions} (their customers are not in the page); unavailable only when none can be read.
     */
    public Answer segmentCustomers(String segmentId, String after, int limit) {
        SegmentScorer current = scorer.get();
        boolean known = current != null
                && current.segments().stream().anyMatch(segment -> segment.id().equals(segmentId));
        if (!known) {
            return Answer.notFound("No segment with id '" + segmentId + "' in the current model.");
        }
        int perHost = limit + 1;
        List<CustomerProfile> merged = new ArrayList<>();
        PeerQueries.Reports<SegmentPageReport> reports = peers.fromEveryHost(metadata.activeHosts(),
                PeerPaths.internalSegmentCustomers(segmentId, after, perHost),
                () -> localPageReport(segmentId, after, perHost), SegmentPageReport.class);
        SortedSet<Integer> covered = new TreeSet<>();
        for (SegmentPageReport report : reports.answers()) {
            merged.addAll(report.customers());
            covered.addAll(report.partitions());
        }
        if (covered.isEmpty()) {
            return unavailable("No partition of segment '" + segmentId + "' can be read right now"
                    + reports.problemList());
        }
        merged.sort(Comparator.comparing(CustomerProfile::customerId));
        boolean more = merged.size() > limit;
        List<CustomerProfile> page = List.copyOf(more ? merged.subList(0, limit) : merged);
        String next = more ? page.getLast().customerId() : null;
        return Answer.found(new CustomerPage(segmentId, limit, after, page, next, missing(covered)));
    }

    // ---- model and scoring ----------------------------------------------------------------------------------

    public Answer model() {
        return models.current()
                .map(Answer::found)
                .orElseGet(() -> Answer.notFound("No segment model has been published yet."));
    }

    /** The segment of a hypothetical customer; the values have been validated (finite, not negative). */
    public Answer score(double recencyDays, double frequency, double monetary) {
        return score(recencyDays, frequency, monetary, null);
    }

    /**
     * @param ageDays the customer's first purchase this many days ago, or null: with it (and value models in the
     *                model) the answer carries the predicted value too
     */
    public Answer score(double recencyDays, double frequency, double monetary, Double ageDays) {
        SegmentScorer current = scorer.get();
        if (current == null) {
            return unavailable("No segment model has been published yet.");
        }
        double[] point = current.point(recencyDays, frequency, monetary);
        SegmentModel.Segment segment = current.segments().get(current.nearestIndex(point));
        CustomerValue value = null;
        ValueModel valueModel = ageDays == null ? null : scorer.value();
        if (valueModel != null && frequency >= 1) {
            try {
                value = valueModel.scorer().evaluateHypothetical(ageDays, recencyDays, frequency, monetary,
                        now.get());
            } catch (ArithmeticException e) {
                LOG.warn("No value for a scored customer: {}", e.getMessage());
            }
        }
        return Answer.found(new ScoreResult(segment.id(), segment.name(), segment.action(),
                distancesById(current.segments(), current.distances(point)), current.model().version(), value));
    }

    // ---- health ---------------------------------------------------------------------------------------------

    /** Ready to answer queries: Kafka Streams is RUNNING and the local stores can be read. */
    public boolean ready() {
        try {
            return metadata.running() && store.isQueryable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Liveness: false once Kafka Streams has failed or stopped on its own (ERROR, PENDING_ERROR, NOT_RUNNING,
     * PENDING_SHUTDOWN; the process's own shutdown stops the HTTP server first) or has no live stream thread left,
     * so that the orchestrator restarts the process. Starting, restoring and rebalancing are alive.
     */
    public boolean live() {
        return switch (metadata.state()) {
            case "ERROR", "PENDING_ERROR", "NOT_RUNNING", "PENDING_SHUTDOWN" -> false;
            case "RUNNING", "REBALANCING" -> metadata.liveStreamThreads() > 0;
            default -> true;
        };
    }

    /** Kafka Streams' state on this instance, e.g. {@code RUNNING}. */
    public String state() {
        return metadata.state();
    }

    Answer notRunning() {
        return unavailable("The application is " + metadata.state() + ", not RUNNING.");
    }

    Answer unavailable(String detail) {
        return new Answer.Unavailable(detail, options.retryAfterSeconds());
    }
}
