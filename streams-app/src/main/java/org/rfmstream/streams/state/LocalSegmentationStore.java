package org.rfmstream.streams.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.streams.query.KafkaStreamsProfiles;
import org.rfmstream.streams.query.LocalCustomerStore;
import org.rfmstream.streams.query.LocalPartitions;
import org.rfmstream.streams.query.SegmentTotals;

/**
 * The segmentation topology's stores as the HTTP layer reads them, through interactive queries on this
 * instance's own partitions. Every read goes partition by partition, so a partition that is still restoring
 * is a 503 rather than a customer who seems unknown or a sum that is too small.
 */
public final class LocalSegmentationStore implements LocalCustomerStore {

    private final KafkaStreamsProfiles<CustomerState> profiles;
    private final LocalPartitions statsPartitions;
    private final LocalPartitions memberPartitions;
    private final LocalPartitions profilePartitions;

    public LocalSegmentationStore(KafkaStreams streams, Topology topology) {
        this.profiles = new KafkaStreamsProfiles<>(streams, StoreNames.PROFILES,
                (customerId, state) -> state.toProfile(customerId));
        this.statsPartitions = LocalPartitions.of(streams, topology, StoreNames.SEGMENT_STATS);
        this.memberPartitions = LocalPartitions.of(streams, topology, StoreNames.SEGMENT_MEMBERS);
        this.profilePartitions = LocalPartitions.of(streams, topology, StoreNames.PROFILES);
    }

    @Override
    public Optional<CustomerProfile> profile(String customerId, int partition, boolean allowStandby) {
        return profiles.profile(customerId, partition, allowStandby);
    }

    @Override
    public Map<String, SegmentTotals> segmentTotals() {
        Map<String, SegmentTotals> totals = new TreeMap<>();
        for (ReadOnlyKeyValueStore<String, SegmentStats> store : statsPartitions.stores(SegmentStatsStore.query())) {
            new SegmentStatsStore(store).totals().forEach((segment, stats) ->
                    totals.merge(segment, toTotals(stats), SegmentTotals::plus));
        }
        return totals;
    }

    /** Segment statistics only count customers with a purchase, so every one of them has a last purchase. */
    private static SegmentTotals toTotals(SegmentStats stats) {
        return new SegmentTotals(stats.customers(), stats.frequencySum(), stats.monetaryCentsSum(),
                stats.customers(), stats.lastPurchaseEpochSecondSum());
    }

    @Override
    public List<CustomerProfile> segmentPage(String segmentId, String afterCustomerId, int limit) {
        List<ReadOnlyKeyValueStore<Bytes, byte[]>> members = memberPartitions.stores(
                StoreQueryParameters.fromNameAndType(StoreNames.SEGMENT_MEMBERS, QueryableStoreTypes.keyValueStore()));
        List<String> ids = CustomerProfileStore.segmentPage(members, segmentId, afterCustomerId, limit);
        List<ReadOnlyKeyValueStore<String, CustomerState>> stores =
                profilePartitions.stores(CustomerProfileStore.query());
        List<CustomerProfile> page = new ArrayList<>(ids.size());
        for (String id : ids) {
            for (ReadOnlyKeyValueStore<String, CustomerState> store : stores) {
                CustomerState state = store.get(id);
                if (state != null) {
                    page.add(state.toProfile(id));
                    break;
                }
            }
        }
        return page;
    }

    @Override
    public void forEachProfile(java.util.function.Consumer<CustomerProfile> action) {
        for (ReadOnlyKeyValueStore<String, CustomerState> store : profilePartitions.stores(CustomerProfileStore.query())) {
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
