package org.rfmstream.streams.query;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.RfmScoring;

/**
 * A test double of one instance's state: active and standby profiles in maps. Its totals are computed by a
 * scan, which is fine for a test; the topology keeps them incrementally.
 */
public final class InMemoryCustomerStore implements LocalCustomerStore {

    private final Map<String, CustomerProfile> active = new ConcurrentHashMap<>();
    private final Map<String, CustomerProfile> standby = new ConcurrentHashMap<>();
    private volatile boolean queryable = true;
    private volatile long edgesVersion;
    private volatile RfmScoring.Edges edges;

    public InMemoryCustomerStore active(CustomerProfile... profiles) {
        for (CustomerProfile profile : profiles) {
            active.put(profile.customerId(), profile);
        }
        return this;
    }

    public InMemoryCustomerStore standby(CustomerProfile... profiles) {
        for (CustomerProfile profile : profiles) {
            standby.put(profile.customerId(), profile);
        }
        return this;
    }

    public void queryable(boolean queryable) {
        this.queryable = queryable;
    }

    private void check() {
        if (!queryable) {
            throw new InvalidStateStoreException("the state store, customer-profiles, may have migrated to "
                    + "another instance");
        }
    }

    @Override
    public Optional<CustomerProfile> profile(String customerId, int partition, boolean allowStandby) {
        check();
        CustomerProfile profile = active.get(customerId);
        if (profile == null && allowStandby) {
            profile = standby.get(customerId);
        }
        return Optional.ofNullable(profile);
    }

    @Override
    public Map<String, SegmentTotals> segmentTotals() {
        check();
        Map<String, SegmentTotals> totals = new HashMap<>();
        active.values().forEach(p -> totals.merge(SegmentTotals.keyOf(p), SegmentTotals.of(p), SegmentTotals::plus));
        return totals;
    }

    @Override
    public List<CustomerProfile> segmentPage(String segmentId, String afterCustomerId, int limit) {
        check();
        return active.values().stream()
                .filter(p -> Objects.equals(SegmentTotals.keyOf(p), segmentId))
                .filter(p -> afterCustomerId == null || p.customerId().compareTo(afterCustomerId) > 0)
                .sorted(Comparator.comparing(CustomerProfile::customerId))
                .limit(limit)
                .toList();
    }

    @Override
    public List<CustomerProfile> customerPage(String afterCustomerId, int limit) {
        check();
        return active.values().stream()
                .filter(p -> afterCustomerId == null || p.customerId().compareTo(afterCustomerId) > 0)
                .sorted(Comparator.comparing(CustomerProfile::customerId))
                .limit(limit)
                .toList();
    }

    /** The edges the topology would keep its RFM cells under (from the model in force); null: no cells. */
    public InMemoryCustomerStore rfmEdges(long modelVersion, RfmScoring.Edges edges) {
        this.edgesVersion = modelVersion;
        this.edges = edges;
        return this;
    }

    /** By a scan, scoring every customer exactly at asOf: the reference the topology's cells must agree with. */
    @Override
    public MarketingTotalsReport marketingTotals(Instant asOf) {
        check();
        Map<String, SegmentTotals> cells = new HashMap<>();
        Map<Integer, SegmentTotals> spend = new HashMap<>();
        for (CustomerProfile p : active.values()) {
            if (p.lastPurchase() == null || p.frequency() < 1) {
                continue;
            }
            long cents = Money.toCents(p.monetary());
            SegmentTotals one = new SegmentTotals(1, p.frequency(), cents, 1, p.lastPurchase().getEpochSecond());
            spend.merge(SpendBuckets.of(cents), one, SegmentTotals::plus);
            if (edges != null) {
                cells.merge(RfmScoring.score(edges, p.recencyDays(asOf), p.frequency(), cents).rfmScore(), one,
                        SegmentTotals::plus);
            }
        }
        return new MarketingTotalsReport(null, edges == null ? List.of() : List.of(edgesVersion), edges, cells, 0,
                spend);
    }

    @Override
    public boolean isQueryable() {
        return queryable;
    }
}
