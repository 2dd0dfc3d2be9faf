package org.rfmstream.streams.state;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read access to the per-segment totals ({@link StoreNames#SEGMENT_STATS}: segment id String → {@link SegmentStats},
 * its own serde). Each task keeps its own totals, so the same segment appears once per local partition; this view
 * adds them up. Across instances, the HTTP layer adds every instance's totals
 * ({@code kafka.LocalSegmentationStore#segmentStats()}): O(segments × instances), never a scan of customers.
 */
public final class SegmentStatsStore {

    private final ReadOnlyKeyValueStore<String, SegmentStats> store;

    public SegmentStatsStore(ReadOnlyKeyValueStore<String, SegmentStats> store) {
        this.store = store;
    }

    public static StoreQueryParameters<ReadOnlyKeyValueStore<String, SegmentStats>> query() {
        return StoreQueryParameters.fromNameAndType(StoreNames.SEGMENT_STATS, QueryableStoreTypes.keyValueStore());
    }

    /** @throws org.apache.kafka.streams.errors.InvalidStateStoreException while rebalancing or restoring */
    public static SegmentStatsStore of(KafkaStreams streams) {
        return new SegmentStatsStore(streams.store(query()));
    }

    /** This instance's totals per segment id, in id order. */
    public Map<String, SegmentStats> totals() {
        Map<String, SegmentStats> totals = new TreeMap<>();
        try (KeyValueIterator<String, SegmentStats> entries = store.all()) {
            entries.forEachRemaining(entry -> totals.merge(entry.key, entry.value, SegmentStats::plus));
        }
        return totals;
    }
}
