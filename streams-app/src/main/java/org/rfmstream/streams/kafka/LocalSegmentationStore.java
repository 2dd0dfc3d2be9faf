package org.rfmstream.streams.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.streams.query.LocalCustomerStore;
import org.rfmstream.streams.query.StoreUnavailableException;
import org.rfmstream.streams.state.CustomerProfileStore;
import org.rfmstream.streams.state.CustomerState;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.streams.state.SegmentStatsStore;
import org.rfmstream.streams.state.StoreNames;

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
    public Map<String, SegmentStats> segmentStats() {
        Map<String, SegmentStats> sums = new TreeMap<>();
        try {
            for (ReadOnlyKeyValueStore<String, SegmentStats> store
                    : statsPartitions.stores(SegmentStatsStore.query())) {
                new SegmentStatsStore(store).totals().forEach((segment, stats) ->
                        sums.merge(segment, stats, SegmentStats::plus));
            }
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
        return sums;
    }

    @Override
    public List<CustomerProfile> segmentPage(String segmentId, String afterCustomerId, int limit) {
        try {
            return readSegmentPage(segmentId, afterCustomerId, limit);
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }

    private List<CustomerProfile> readSegmentPage(String segmentId, String afterCustomerId, int limit) {
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
