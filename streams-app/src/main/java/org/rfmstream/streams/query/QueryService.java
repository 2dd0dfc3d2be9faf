package org.rfmstream.streams.query;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.Rfm;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;
import org.rfmstream.streams.query.PeerClient.PeerResponse;
import org.rfmstream.streams.query.PeerClient.PeerUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of the HTTP API, computed over this instance's state and, when needed, the other instances'.
 * Several instances behave as one service: a customer is answered by the instance that owns its partition
 * (one forwarding hop at most), a standby answers with its lag when the owner is unreachable, and everything
 * that is not possible right now is a 503 with a retry delay, never an error page and never a wait loop.
 */
public final class QueryService {

    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);

    private final MetadataSource metadata;
    private final LocalCustomerStore store;
    private final ModelSource models;
    private final CurrentScorer scorer;
    private final PeerClient peers;
    private final Supplier<Instant> now;
    private final Options options;

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
        this.scorer = new CurrentScorer(models);
        this.peers = Objects.requireNonNull(peers, "peers");
        this.now = Objects.requireNonNull(now, "now");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * @param standbyMaxLag     the most records a standby may be behind and still answer for an unreachable owner
     * @param retryAfterSeconds the {@code Retry-After} of 503 answers
     */
    public record Options(long standbyMaxLag, long retryAfterSeconds) {
        public static final long DEFAULT_STANDBY_MAX_LAG = 10_000;
        public static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

        public static Options defaults() {
            return new Options(DEFAULT_STANDBY_MAX_LAG, DEFAULT_RETRY_AFTER_SECONDS);
        }
    }

    public Host self() {
        return metadata.self();
    }

    // ---- customers ------------------------------------------------------------------------------------------

    /**
     * One customer, from whichever instance owns it.
     *
     * @param asOf      the instant for recency; null for "now"
     * @param forwarded true when another instance already forwarded this request: never forward it again
     */
    public ApiResponse customer(String customerId, Instant asOf, boolean forwarded) {
        Optional<KeyOwners> found = metadata.ownersOf(customerId);
        if (found.isEmpty()) {
            return unavailable("The owner of customer '" + customerId + "' is not known right now (the application "
                    + "is starting or rebalancing).");
        }
        KeyOwners owners = found.get();
        Host self = metadata.self();
        Instant at = asOf != null ? asOf : now.get();
        if (owners.active().equals(self)) {
            return fromLocalActive(customerId, owners.partition(), at);
        }
        if (forwarded) {
            // The sender thought we owned the key, or could not reach the owner: a standby copy may answer,
            // but the request goes no further.
            if (owners.isStandby(self)) {
                return fromLocalStandby(customerId, at, owners);
            }
            return unavailable("Customer '" + customerId + "' is moving to another instance.");
        }
        try {
            return forwardedAnswer(peers.get(owners.active(), ApiPaths.customer(customerId, asOf)));
        } catch (PeerUnreachableException e) {
            LOG.debug("Owner {} of customer {} unreachable: {}", owners.active(), customerId, e.getMessage());
            return fromStandbyInstead(customerId, asOf, at, owners);
        }
    }

    private ApiResponse fromStandbyInstead(String customerId, Instant asOf, Instant at, KeyOwners owners) {
        Host self = metadata.self();
        if (owners.isStandby(self)) {
            return fromLocalStandby(customerId, at, owners);
        }
        List<Host> standbys = owners.standbys().stream()
                .sorted(Comparator.comparing(Host::toString))
                .toList();
        for (Host standby : standbys) {
            try {
                return forwardedAnswer(peers.get(standby, ApiPaths.customer(customerId, asOf)));
            } catch (PeerUnreachableException e) {
                LOG.debug("Standby {} of customer {} unreachable: {}", standby, customerId, e.getMessage());
            }
        }
        return unavailable("The owner of customer '" + customerId + "' (" + owners.active()
                + ") is unreachable and no standby can answer.");
    }

    private ApiResponse fromLocalActive(String customerId, int partition, Instant at) {
        Optional<CustomerProfile> profile;
        try {
            profile = store.profile(customerId, partition, false);
        } catch (StoreUnavailableException | InvalidStateStoreException e) {
            return unavailable("The store of customer '" + customerId + "' is not queryable right now: "
                    + e.getMessage());
        }
        return profile.map(p -> ApiResponse.ok(view(p, at, false, null)))
                .orElseGet(() -> unknownCustomer(customerId));
    }

    private ApiResponse fromLocalStandby(String customerId, Instant at, KeyOwners owners) {
        OptionalLong lag = metadata.standbyLag(owners.partition());
        if (lag.isEmpty()) {
            return unavailable("The owner of customer '" + customerId + "' is unreachable and this instance's "
                    + "standby copy is not ready.");
        }
        if (lag.getAsLong() > options.standbyMaxLag()) {
            return unavailable("The owner of customer '" + customerId + "' is unreachable and this instance's "
                    + "standby copy is " + lag.getAsLong() + " records behind (the limit is "
                    + options.standbyMaxLag() + ").");
        }
        Optional<CustomerProfile> profile;
        try {
            profile = store.profile(customerId, owners.partition(), true);
        } catch (StoreUnavailableException | InvalidStateStoreException e) {
            return unavailable("The standby store of customer '" + customerId + "' is not queryable right now: "
                    + e.getMessage());
        }
        return profile.map(p -> ApiResponse.ok(view(p, at, true, lag.getAsLong())))
                .orElseGet(() -> unknownCustomer(customerId));
    }

    private static ApiResponse unknownCustomer(String customerId) {
        return ApiResponse.notFound("No customer with id '" + customerId + "'.");
    }

    /** The owner's answer as it is, whatever its status; an unreadable answer counts as no answer. */
    private static ApiResponse forwardedAnswer(PeerResponse response) {
        Object body;
        try {
            body = RawJson.checked(response.body());
        } catch (IOException e) {
            throw new PeerUnreachableException("answered something that is not JSON (status " + response.status()
                    + ")", e);
        }
        long retryAfter = 0;
        if (response.retryAfter() != null) {
            try {
                retryAfter = Long.parseLong(response.retryAfter().trim());
            } catch (NumberFormatException e) {
                retryAfter = Options.DEFAULT_RETRY_AFTER_SECONDS;
            }
        }
        return new ApiResponse(response.status(), body, retryAfter);
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
                distances, modelVersion, nextReviewAt, nextReview, metadata.self().toString(), stale, lag);
    }

    private static Map<String, Double> distancesById(List<SegmentModel.Segment> segments, double[] distances) {
        Map<String, Double> byId = new LinkedHashMap<>(segments.size() * 2);
        for (int s = 0; s < distances.length; s++) {
            byId.put(segments.get(s).id(), distances[s]);
        }
        return byId;
    }

    // ---- segments -------------------------------------------------------------------------------------------

    /** This instance's own per-segment sums, for {@link ApiPaths#INTERNAL_SEGMENT_TOTALS}. */
    public ApiResponse localSegmentTotals() {
        if (metadata.state() != KafkaStreams.State.RUNNING) {
            return notRunning();
        }
        try {
            return ApiResponse.ok(new SegmentTotalsReport(metadata.self().toString(), store.segmentTotals()));
        } catch (StoreUnavailableException | InvalidStateStoreException e) {
            return unavailable("The segment totals of " + metadata.self() + " are not queryable right now: "
                    + e.getMessage());
        }
    }

    /**
     * Statistics per segment across all instances: each instance's sums, added up here, so the cost is
     * O(segments × instances) whatever the number of customers.
     *
     * @param asOf the instant for mean recency; null for "now"
     */
    public ApiResponse segments(Instant asOf) {
        if (metadata.state() != KafkaStreams.State.RUNNING) {
            return notRunning();
        }
        Instant at = asOf != null ? asOf : now.get();
        if (at == null) {
            SegmentScorer current = scorer.get();
            at = current != null ? current.model().asOf() : Instant.now();
        }
        Map<String, SegmentTotals> sums = new HashMap<>();
        List<Host> hosts = metadata.activeHosts();
        try {
            for (SegmentTotalsReport report : fromEveryHost(hosts, ApiPaths.INTERNAL_SEGMENT_TOTALS,
                    this::localTotalsReport, SegmentTotalsReport.class)) {
                report.totals().forEach((id, totals) -> sums.merge(id, totals, SegmentTotals::plus));
            }
        } catch (IncompleteAnswerException e) {
            return unavailable(e.getMessage());
        }
        return ApiResponse.ok(segmentsView(sums, at, hosts.size()));
    }

    private SegmentTotalsReport localTotalsReport() {
        return new SegmentTotalsReport(metadata.self().toString(), store.segmentTotals());
    }

    private SegmentsView segmentsView(Map<String, SegmentTotals> sums, Instant asOf, int instances) {
        SegmentTotals all = sums.values().stream().reduce(SegmentTotals.EMPTY, SegmentTotals::plus);
        SegmentScorer current = scorer.get();
        List<SegmentsView.SegmentStatistics> statistics = new ArrayList<>();
        Map<String, SegmentTotals> remaining = new HashMap<>(sums);
        if (current != null) {
            for (SegmentModel.Segment segment : current.segments()) {
                SegmentTotals totals = remaining.remove(segment.id());
                statistics.add(statistics(segment.id(), segment.name(), segment.action(), true,
                        totals == null ? SegmentTotals.EMPTY : totals, all, asOf));
            }
        }
        remaining.entrySet().stream()
                .filter(entry -> !entry.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> statistics.add(statistics(entry.getKey(), null, null, false, entry.getValue(),
                        all, asOf)));
        return new SegmentsView(current == null ? null : current.model().version(), asOf, all.customers(),
                Money.fromCents(all.monetaryCents()), instances, statistics);
    }

    private static SegmentsView.SegmentStatistics statistics(String id, String name, String action, boolean inModel,
                                                             SegmentTotals totals, SegmentTotals all,
                                                             Instant asOf) {
        BigDecimal meanMonetary = totals.customers() == 0 ? Money.ZERO
                : BigDecimal.valueOf(totals.monetaryCents())
                        .divide(BigDecimal.valueOf(totals.customers()), 0, RoundingMode.HALF_UP)
                        .movePointLeft(Money.SCALE);
        return new SegmentsView.SegmentStatistics(id, name, action, inModel, totals.customers(),
                share(totals.customers(), all.customers()), totals.meanRecencyDays(asOf), totals.meanFrequency(),
                meanMonetary, Money.fromCents(totals.monetaryCents()),
                share(totals.monetaryCents(), all.monetaryCents()));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    // ---- a segment's customers ------------------------------------------------------------------------------

    /** This instance's own page of the segment, for {@link ApiPaths#INTERNAL_SEGMENT_CUSTOMERS}. */
    public ApiResponse localSegmentPage(String segmentId, String after, int limit) {
        if (metadata.state() != KafkaStreams.State.RUNNING) {
            return notRunning();
        }
        try {
            return ApiResponse.ok(new SegmentPageReport(metadata.self().toString(),
                    store.segmentPage(segmentId, after, limit)));
        } catch (StoreUnavailableException | InvalidStateStoreException e) {
            return unavailable("The customers of " + metadata.self() + " are not queryable right now: "
                    + e.getMessage());
        }
    }

    /**
     * A page of the segment's customers across all instances, sorted by customer id: each instance's first
     * {@code limit + 1} after the cursor, merged. The cursor is a customer id, so pages stay stable while
     * customers are added or partitions move.
     */
    public ApiResponse segmentCustomers(String segmentId, String after, int limit) {
        SegmentScorer current = scorer.get();
        boolean known = current != null
                && current.segments().stream().anyMatch(segment -> segment.id().equals(segmentId));
        if (!known && !SegmentTotals.UNASSIGNED.equals(segmentId)) {
            return ApiResponse.notFound("No segment with id '" + segmentId + "' in the current model.");
        }
        if (metadata.state() != KafkaStreams.State.RUNNING) {
            return notRunning();
        }
        int perHost = limit + 1;
        List<CustomerProfile> merged = new ArrayList<>();
        try {
            for (SegmentPageReport report : fromEveryHost(metadata.activeHosts(),
                    ApiPaths.internalSegmentCustomers(segmentId, after, perHost),
                    () -> new SegmentPageReport(metadata.self().toString(),
                            store.segmentPage(segmentId, after, perHost)),
                    SegmentPageReport.class)) {
                merged.addAll(report.customers());
            }
        } catch (IncompleteAnswerException e) {
            return unavailable(e.getMessage());
        }
        merged.sort(Comparator.comparing(CustomerProfile::customerId));
        boolean more = merged.size() > limit;
        List<CustomerProfile> page = List.copyOf(more ? merged.subList(0, limit) : merged);
        String next = more ? page.getLast().customerId() : null;
        return ApiResponse.ok(new CustomerPage(segmentId, limit, after, page, next));
    }

    /**
     * Every host's report: this instance's from its own state, the others' over HTTP, in parallel.
     *
     * @throws IncompleteAnswerException if any instance cannot answer (a partial sum would be wrong)
     */
    private <T> List<T> fromEveryHost(List<Host> hosts, String path, Supplier<T> local, Class<T> type) {
        Host self = metadata.self();
        List<CompletableFuture<PeerResponse>> requests = new ArrayList<>();
        List<Host> remote = new ArrayList<>();
        for (Host host : hosts) {
            if (!host.equals(self)) {
                remote.add(host);
                requests.add(peers.getAsync(host, path));
            }
        }
        List<T> reports = new ArrayList<>(hosts.size());
        if (hosts.contains(self)) {
            try {
                reports.add(local.get());
            } catch (StoreUnavailableException | InvalidStateStoreException e) {
                throw new IncompleteAnswerException("This instance's state is not queryable right now: "
                        + e.getMessage());
            }
        }
        for (int i = 0; i < remote.size(); i++) {
            Host host = remote.get(i);
            PeerResponse response;
            try {
                response = requests.get(i).join();
            } catch (CompletionException e) {
                throw new IncompleteAnswerException("Instance " + host + " did not answer: "
                        + rootMessage(e));
            }
            if (response.status() != 200) {
                throw new IncompleteAnswerException("Instance " + host + " cannot answer right now (status "
                        + response.status() + ").");
            }
            try {
                reports.add(Json.mapper().readValue(response.body(), type));
            } catch (IOException e) {
                throw new IncompleteAnswerException("Instance " + host + " answered something unreadable.");
            }
        }
        return reports;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage();
    }

    private static final class IncompleteAnswerException extends RuntimeException {
        IncompleteAnswerException(String message) {
            super(message, null, false, false);
        }
    }

    // ---- model and scoring ----------------------------------------------------------------------------------

    public ApiResponse model() {
        return models.current()
                .map(ApiResponse::ok)
                .orElseGet(() -> ApiResponse.notFound("No segment model has been published yet."));
    }

    /** The segment of a hypothetical customer; the values have been validated (finite, not negative). */
    public ApiResponse score(double recencyDays, double frequency, double monetary) {
        SegmentScorer current = scorer.get();
        if (current == null) {
            return unavailable("No segment model has been published yet.");
        }
        double[] point = current.point(recencyDays, frequency, monetary);
        SegmentModel.Segment segment = current.segments().get(current.nearestIndex(point));
        return ApiResponse.ok(new ScoreResult(segment.id(), segment.name(), segment.action(),
                distancesById(current.segments(), current.distances(point)), current.model().version()));
    }

    // ---- health ---------------------------------------------------------------------------------------------

    /** Ready to answer queries: Kafka Streams is RUNNING and the local stores can be read. */
    public boolean ready() {
        try {
            return metadata.state() == KafkaStreams.State.RUNNING && store.isQueryable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public KafkaStreams.State state() {
        return metadata.state();
    }

    private ApiResponse notRunning() {
        return unavailable("The application is " + metadata.state() + ", not RUNNING.");
    }

    private ApiResponse unavailable(String detail) {
        return ApiResponse.unavailable(detail, options.retryAfterSeconds());
    }
}
