package org.rfmstream.streams.state;

import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rfmstream.schemas.SegmentModel;

/**
 * Read access to the global model store ({@link StoreNames#MODEL}): String key → {@link SegmentModel} (JSON serde
 * {@code org.rfmstream.schemas.Serdes.segmentModel()}). It holds one entry, the current valid model, under
 * {@link #CURRENT_KEY}; every instance has all of it.
 */
public final class ModelStore {

    public static final String CURRENT_KEY = "current";

    private final ReadOnlyKeyValueStore<String, SegmentModel> store;

    public ModelStore(ReadOnlyKeyValueStore<String, SegmentModel> store) {
        this.store = store;
    }

    public static StoreQueryParameters<ReadOnlyKeyValueStore<String, SegmentModel>> query() {
        return StoreQueryParameters.fromNameAndType(StoreNames.MODEL, QueryableStoreTypes.keyValueStore());
    }

    /**
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the store is not queryable (answer
     *                                                                    503 and let the caller retry)
     */
    public static ModelStore of(KafkaStreams streams) {
        return new ModelStore(streams.store(query()));
    }

    /** The model in force; empty before any valid model arrived. */
    public Optional<SegmentModel> current() {
        return Optional.ofNullable(store.get(CURRENT_KEY));
    }
}
