package org.rfmstream.streams.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
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
 * makes that a {@link StoreUnavailableException} (a 503) instead of a sum that is too small.
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
     * QueryableStoreTypes.keyValueStore()))}.
     *
     * @throws StoreUnavailableException if any of them cannot be read right now
     */
    public <T> List<T> stores(StoreQueryParameters<T> query) {
        if (!storeName.equals(query.storeName())) {
            throw new IllegalArgumentException("This reads " + storeName + ", not " + query.storeName());
        }
        List<T> stores = new ArrayList<>();
        for (int partition : active()) {
            try {
                stores.add(streams.store(query.withPartition(partition)));
            } catch (InvalidStateStoreException e) {
                throw new StoreUnavailableException("Partition " + partition + " of " + storeName
                        + " is not queryable right now: " + e.getMessage(), e);
            }
        }
        return stores;
    }
}
