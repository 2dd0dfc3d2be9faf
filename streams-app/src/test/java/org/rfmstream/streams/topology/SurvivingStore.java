package org.rfmstream.streams.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;

/**
 * A key-value store whose content outlives the driver that closes it, as a logged store's content outlives an
 * instance through its changelog. The TopologyTestDriver neither restores from changelogs nor keeps RocksDB files
 * (it wipes its state directory on close), so this is how a driver test restarts an application on its state.
 */
final class SurvivingStore extends InMemoryKeyValueStore {

    SurvivingStore(String name) {
        super(name);
    }

    /** The driver closes its stores; the content stays for the next driver, which opens it again. */
    @Override
    public void close() {
    }

    static KeyValueBytesStoreSupplier supplier(SurvivingStore store) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return store.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return store;
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
    }
}
