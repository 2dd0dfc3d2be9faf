package org.rfmstream.streams.query;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rfmstream.schemas.CustomerProfile;
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
            throw new StoreUnavailableException("the state store, customer-profiles, may have migrated to "
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
    public Map<String, SegmentStats> segmentStats() {
        check();
        Map<String, SegmentStats> stats = new HashMap<>();
        active.values().stream().filter(p -> p.segment() != null)
                .forEach(p -> stats.merge(p.segment(), SegmentStats.of(p), SegmentStats::plus));
        return stats;
    }

    @Override
    public List<CustomerProfile> segmentPage(String segmentId, String afterCustomerId, int limit) {
        check();
        return active.values().stream()
                .filter(p -> Objects.equals(p.segment(), segmentId))
                .filter(p -> afterCustomerId == null || p.customerId().compareTo(afterCustomerId) > 0)
                .sorted(Comparator.comparing(CustomerProfile::customerId))
                .limit(limit)
                .toList();
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
