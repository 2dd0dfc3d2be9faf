package org.rfmstream.streams.query;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.streams.state.SegmentStats;

/**
 * A test double of one instance's state: active and standby profiles in maps. Its segment statistics are computed
 * by a scan, which is fine for a test (the topology keeps them incrementally), and like the real store's they count
 * only customers with a segment.
 */
public final class InMemoryCustomerStore implements LocalCustomerStore {

    private final Map<String, CustomerProfile> active = new ConcurrentHashMap<>();
    private final Map<String, CustomerProfile> standby = new ConcurrentHashMap<>();
    private volatile boolean queryable = true;
    private volatile SortedSet<Integer> readablePartitions = new TreeSet<>(Set.of(0));
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

    /** The active partitions whose sums and pages can be read (all of this store's customers are in them). */
    public InMemoryCustomerStore readablePartitions(Integer... partitions) {
        this.readablePartitions = new TreeSet<>(Set.of(partitions));
        return this;
    }

    private void check() {
        if (!queryable) {
            throw new StoreUnavailableException("the state store, customer-profiles, may have migrated to "
                    + "another instance");
        }
    }

    @Override
    public Optional<CustomerProfile> profile(String customerId, int partition) {
        check();
        CustomerProfile profile = active.get(customerId);
        if (profile == null) {
            profile = standby.get(customerId);
        }
        return Optional.ofNullable(profile);
    }

    @Override
    public Covered<Map<String, SegmentStats>> segmentStats() {
        check();
        Map<String, SegmentStats> stats = new HashMap<>();
        if (!readablePartitions.isEmpty()) {
            active.values().stream().filter(p -> p.segment() != null)
                    .forEach(p -> stats.merge(p.segment(), SegmentStats.of(p), SegmentStats::plus));
        }
        return new Covered<>(stats, readablePartitions);
    }

    @Override
    public Covered<List<CustomerProfile>> segmentPage(String segmentId, String afterCustomerId, int limit) {
        check();
        if (readablePartitions.isEmpty()) {
            return new Covered<>(List.of(), readablePartitions);
        }
        return new Covered<>(active.values().stream()
                .filter(p -> Objects.equals(p.segment(), segmentId))
                .filter(p -> afterCustomerId == null || p.customerId().compareTo(afterCustomerId) > 0)
                .sorted(Comparator.comparing(CustomerProfile::customerId))
                .limit(limit)
                .toList(), readablePartitions);
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
        Map<String, SegmentStats> cells = new HashMap<>();
        Map<Integer, SegmentStats> spend = new HashMap<>();
        for (CustomerProfile p : active.values()) {
            if (p.lastPurchase() == null || p.frequency() < 1) {
                continue;
            }
            long cents = Money.toCents(p.monetary());
            SegmentStats one = new SegmentStats(1, p.frequency(), cents, p.lastPurchase().getEpochSecond());
            spend.merge(SpendBuckets.of(cents), one, SegmentStats::plus);
            if (edges != null) {
                cells.merge(RfmScoring.score(edges, p.recencyDays(asOf), p.frequency(), cents).rfmScore(), one,
                        SegmentStats::plus);
            }
        }
        return new MarketingTotalsReport(null, edges == null ? List.of() : List.of(edgesVersion), edges, cells, 0,
                spend);
    }

    @Override
    public void forEachProfile(java.util.function.Consumer<CustomerProfile> action) {
        check();
        active.values().forEach(action);
    }

    @Override
    public boolean isQueryable() {
        return queryable;
    }
}
