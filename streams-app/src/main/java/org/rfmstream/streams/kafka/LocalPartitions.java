package org.rfmstream.streams.kafka;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.rfmstream.streams.query.StoreUnavailableException;

/**
 * The partitions of one store that this instance is active for, and their copies read one by one. Kafka
 * Streams' composite store silently leaves out a partition that is still restoring; reading per partition
 * tells which partitions an answer covers, so that a sum is never silently too small.
 */
public final class LocalPartitions {

    private final KafkaStreams streams;
    private final String storeName;
    private final int subtopology;

    private LocalPartitions(KafkaStreams streams, String storeName, int subtopology) {
        this.streams = streams;
        this.storeName = storeName;
        this.subtopology = subtopology;
    }

    /** @throws IllegalArgumentException if no processor of the topology uses the store */
    public static LocalPartitions of(KafkaStreams streams, Topology topology, String storeName) {
        Objects.requireNonNull(streams, "streams");
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor
                        && processor.stores().contains(storeName)) {
                    return new LocalPartitions(streams, storeName, sub.id());
                }
            }
        }
        throw new IllegalArgumentException("No processor of the topology uses the store " + storeName);
    }

    /** The store's partitions whose active task runs on this instance (restoring ones included). */
    public SortedSet<Integer> active() {
        SortedSet<Integer> partitions = new TreeSet<>();
        streams.metadataForLocalThreads().forEach(thread -> {
            for (TaskMetadata task : thread.activeTasks()) {
                if (task.taskId().subtopology() == subtopology) {
                    partitions.add(task.taskId().partition());
                }
            }
        });
        return partitions;
    }

    /**
     * The store's copy of every active partition, e.g. {@code stores(StoreQueryParameters.fromNameAndType(name,
     * QueryableStoreTypes.keyValueStore()))}, for reads that must see all of them (a full scan).
     *
     * @throws StoreUnavailableException if any of them cannot be read right now
     */
    public <T> List<T> stores(StoreQueryParameters<T> query) {
        SortedMap<Integer, T> readable = readable(query);
        SortedSet<Integer> missing = new TreeSet<>(active());
        missing.removeAll(readable.keySet());
        if (!missing.isEmpty()) {
            throw new StoreUnavailableException("Partitions " + missing + " of " + storeName
                    + " are not queryable right now");
        }
        return List.copyOf(readable.values());
    }

    /**
     * The store's copy of every active partition that can be read right now, by partition, e.g.
     * {@code readable(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()))}. A
     * partition still restoring, or moving, is left out rather than failing the whole read.
     */
    public <T> SortedMap<Integer, T> readable(StoreQueryParameters<T> query) {
        if (!storeName.equals(query.storeName())) {
            throw new IllegalArgumentException("This reads " + storeName + ", not " + query.storeName());
        }
        SortedMap<Integer, T> stores = new TreeMap<>();
        for (int partition : active()) {
            try {
                stores.put(partition, streams.store(query.withPartition(partition)));
            } catch (InvalidStateStoreException e) {
                // restoring, moving, or the thread is between two assignments: not covered this time
            }
        }
        return stores;
    }
}
