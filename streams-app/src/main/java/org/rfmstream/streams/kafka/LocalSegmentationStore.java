package org.rfmstream.streams.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
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

    public LocalSegmentationStore(KafkaStreams streams, Topology topology) {
        this.profiles = new KafkaStreamsProfiles<>(streams, StoreNames.PROFILES,
                (customerId, state) -> state.toProfile(customerId));
        this.statsPartitions = LocalPartitions.of(streams, topology, StoreNames.SEGMENT_STATS);
        this.memberPartitions = LocalPartitions.of(streams, topology, StoreNames.SEGMENT_MEMBERS);
        this.profilePartitions = LocalPartitions.of(streams, topology, StoreNames.PROFILES);
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
        return new Covered<>(page, new TreeSet<>(members.keySet()));
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
