package org.rfmstream.streams.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.streams.query.Covered;
import org.rfmstream.streams.query.LocalCustomerStore;
import org.rfmstream.streams.query.StoreUnavailableException;
import org.rfmstream.streams.state.CustomerProfileStore;
import org.rfmstream.streams.state.CustomerState;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.streams.state.SegmentStatsStore;
import org.rfmstream.streams.state.StoreNames;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.streams.query.MarketingTotalsReport;
import org.rfmstream.streams.state.MarketingTotals;

/**
 * The segmentation topology's stores as the HTTP layer reads them, through interactive queries on this
 * instance's own partitions. Every read goes partition by partition, so a partition that is still restoring
 * is named as missing rather than making a customer seem unknown or a sum silently too small.
 */
public final class LocalSegmentationStore implements LocalCustomerStore {

    private final KafkaStreamsProfiles<CustomerState> profiles;
    private final LocalPartitions statsPartitions;
    private final LocalPartitions memberPartitions;
    private final LocalPartitions profilePartitions;
    private final LocalPartitions marketingPartitions;

    public LocalSegmentationStore(KafkaStreams streams, Topology topology) {
        this.profiles = new KafkaStreamsProfiles<>(streams, StoreNames.PROFILES,
                (customerId, state) -> state.toProfile(customerId));
        this.statsPartitions = LocalPartitions.of(streams, topology, StoreNames.SEGMENT_STATS);
        this.memberPartitions = LocalPartitions.of(streams, topology, StoreNames.SEGMENT_MEMBERS);
        this.profilePartitions = LocalPartitions.of(streams, topology, StoreNames.PROFILES);
        this.marketingPartitions = LocalPartitions.of(streams, topology, StoreNames.MARKETING_TOTALS);
    }

    @Override
    public Optional<CustomerProfile> profile(String customerId, int partition) {
        return profiles.profile(customerId, partition);
    }

    @Override
    public Covered<Map<String, SegmentStats>> segmentStats() {
        Map<String, SegmentStats> sums = new TreeMap<>();
        SortedMap<Integer, ReadOnlyKeyValueStore<String, SegmentStats>> stores =
                statsPartitions.readable(SegmentStatsStore.query());
        try {
            for (ReadOnlyKeyValueStore<String, SegmentStats> store : stores.values()) {
                new SegmentStatsStore(store).totals().forEach((segment, stats) ->
                        sums.merge(segment, stats, SegmentStats::plus));
            }
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
        return new Covered<>(sums, new TreeSet<>(stores.keySet()));
    }

    @Override
    public Covered<List<CustomerProfile>> segmentPage(String segmentId, String afterCustomerId, int limit) {
        try {
            return readSegmentPage(segmentId, afterCustomerId, limit);
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }

    private Covered<List<CustomerProfile>> readSegmentPage(String segmentId, String afterCustomerId, int limit) {
        SortedMap<Integer, ReadOnlyKeyValueStore<Bytes, byte[]>> members = memberPartitions.readable(
                StoreQueryParameters.fromNameAndType(StoreNames.SEGMENT_MEMBERS, QueryableStoreTypes.keyValueStore()));
        SortedMap<Integer, ReadOnlyKeyValueStore<String, CustomerState>> profileStores =
                profilePartitions.readable(CustomerProfileStore.query());
        // only partitions whose index and profiles could both be read
        members.keySet().retainAll(profileStores.keySet());
        List<String> ids = CustomerProfileStore.segmentPage(List.copyOf(members.values()), segmentId,
                afterCustomerId, limit);
        List<CustomerProfile> page = new ArrayList<>(ids.size());
        for (String id : ids) {
            for (int partition : members.keySet()) {
                CustomerState state = profileStores.get(partition).get(id);
                if (state != null) {
                    page.add(state.toProfile(id));
                    break;
                }
            }
        }
        return new Covered<>(page, new TreeSet<>(members.keySet()),
                members.keySet().containsAll(memberPartitions.active()));
    }

    @Override
    public List<CustomerProfile> customerPage(String afterCustomerId, int limit) {
        try {
            return readCustomerPage(afterCustomerId, limit);
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }

    private List<CustomerProfile> readCustomerPage(String afterCustomerId, int limit) {
        List<CustomerProfile> page = new ArrayList<>();
        for (ReadOnlyKeyValueStore<String, CustomerState> store : profilePartitions.stores(CustomerProfileStore.query())) {
            int taken = 0;
            try (KeyValueIterator<String, CustomerState> entries = store.range(afterCustomerId, null)) {
                while (entries.hasNext() && taken < limit) {
                    KeyValue<String, CustomerState> entry = entries.next();
                    if (!entry.key.equals(afterCustomerId)) {
                        page.add(entry.value.toProfile(entry.key));
                        taken++;
                    }
                }
            }
        }
        page.sort(Comparator.comparing(CustomerProfile::customerId));
        return page.size() <= limit ? page : List.copyOf(page.subList(0, limit));
    }

    @Override
    public MarketingTotalsReport marketingTotals(Instant asOf) {
        try {
            return readMarketingTotals(asOf);
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }

    private MarketingTotalsReport readMarketingTotals(Instant asOf) {
        TreeSet<Long> versions = new TreeSet<>();
        RfmScoring.Edges edges = null;
        Map<String, SegmentStats> cells = new TreeMap<>();
        Map<Integer, SegmentStats> spend = new TreeMap<>();
        long uncertain = 0;
        StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> query = StoreQueryParameters.fromNameAndType(
                StoreNames.MARKETING_TOTALS, QueryableStoreTypes.keyValueStore());
        for (ReadOnlyKeyValueStore<String, byte[]> store : marketingPartitions.stores(query)) {
            MarketingTotals.Evaluation evaluation;
            try (KeyValueIterator<String, byte[]> entries = store.all()) {
                evaluation = MarketingTotals.evaluate(entries, asOf.toEpochMilli());
            }
            if (evaluation.edges() != null && (versions.isEmpty()
                    || evaluation.edges().modelVersion() > versions.last())) {
                edges = evaluation.edges().edges();
            }
            if (evaluation.edges() != null) {
                versions.add(evaluation.edges().modelVersion());
            }
            evaluation.cells().forEach((cell, sums) -> cells.merge(cell, sums, SegmentStats::plus));
            evaluation.spend().forEach((bucket, sums) -> spend.merge(bucket, sums, SegmentStats::plus));
            uncertain += evaluation.uncertainR();
        }
        return new MarketingTotalsReport(null, List.copyOf(versions), edges, cells, uncertain, spend);
    }

    @Override
    public void forEachProfile(java.util.function.Consumer<CustomerProfile> action) {
        SortedMap<Integer, ReadOnlyKeyValueStore<String, CustomerState>> stores =
                profilePartitions.readable(CustomerProfileStore.query());
        if (!stores.keySet().containsAll(profilePartitions.active())) {
            // a scan without a restoring partition would make every figure over it too small
            throw new StoreUnavailableException("not every active partition of this instance can be read right now");
        }
        for (ReadOnlyKeyValueStore<String, CustomerState> store : stores.values()) {
            try (var all = store.all()) {
                while (all.hasNext()) {
                    var entry = all.next();
                    action.accept(entry.value.toProfile(entry.key));
                }
            }
        }
    }

    @Override
    public boolean isQueryable() {
        return profiles.isQueryable();
    }
}
