package org.rfmstream.streams.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rfmstream.schemas.CustomerProfile;

/**
 * Read access to customers for the HTTP layer, over the local stores of this instance (interactive queries).
 * The profile store ({@link StoreNames#PROFILES}) is keyed by customer id (String serde) with
 * {@link CustomerState} values (its own compact serde); this view hands out contract {@link CustomerProfile}s.
 * Which instance owns a customer: {@code streams.queryMetadataForKey(StoreNames.PROFILES, id,
 * Serdes.String().serializer())}.
 */
public final class CustomerProfileStore {

    private final ReadOnlyKeyValueStore<String, CustomerState> profiles;

    public CustomerProfileStore(ReadOnlyKeyValueStore<String, CustomerState> profiles) {
        this.profiles = profiles;
    }

    public static StoreQueryParameters<ReadOnlyKeyValueStore<String, CustomerState>> query() {
        return StoreQueryParameters.fromNameAndType(StoreNames.PROFILES, QueryableStoreTypes.keyValueStore());
    }

    /**
     * Over every local partition (active tasks; add {@code query().enableStaleStores()} for standbys yourself).
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while rebalancing or restoring
     */
    public static CustomerProfileStore of(KafkaStreams streams) {
        return new CustomerProfileStore(streams.store(query()));
    }

    /** The customer's profile, if this instance holds it. */
    public Optional<CustomerProfile> get(String customerId) {
        CustomerState state = profiles.get(customerId);
        return state == null ? Optional.empty() : Optional.of(state.toProfile(customerId));
    }

    /**
     * One page of a segment's customer ids in id order, strictly after {@code after} (null for the first page),
     * merged over the given per-partition membership stores ({@link StoreNames#SEGMENT_MEMBERS}, Bytes key, byte[]
     * value). Reads at most {@code limit} entries per store, whatever the segment's size. Per-partition stores:
     * {@code streams.store(StoreQueryParameters.fromNameAndType(StoreNames.SEGMENT_MEMBERS,
     * QueryableStoreTypes.keyValueStore()).withPartition(p))} for each local partition p.
     */
    public static List<String> segmentPage(List<ReadOnlyKeyValueStore<Bytes, byte[]>> memberStores, String segment,
                                           String after, int limit) {
        Bytes from = after == null ? SegmentMembers.prefix(segment) : SegmentMembers.key(segment, after);
        Bytes to = SegmentMembers.upperBound(segment);
        List<String> ids = new ArrayList<>();
        for (ReadOnlyKeyValueStore<Bytes, byte[]> store : memberStores) {
            int taken = 0;
            try (KeyValueIterator<Bytes, byte[]> entries = store.range(from, to)) {
                while (entries.hasNext() && taken < limit) {
                    Bytes key = entries.next().key;
                    if (after == null || !key.equals(from)) {
                        ids.add(SegmentMembers.customerId(key));
                        taken++;
                    }
                }
            }
        }
        ids.sort(Comparator.comparing(id -> SegmentMembers.key(segment, id)));
        return ids.size() <= limit ? ids : List.copyOf(ids.subList(0, limit));
    }
}
