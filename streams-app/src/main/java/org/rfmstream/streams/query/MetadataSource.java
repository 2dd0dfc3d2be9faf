package org.rfmstream.streams.query;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;

/**
 * What this instance knows about the whole application: which instance holds which customer, which instances
 * hold the profile store at all, and its own state. {@code kafka.KafkaStreamsMetadataSource} answers from
 * Kafka Streams; tests use a fake.
 */
public interface MetadataSource {

    /** This instance, as the others reach it ({@code application.server}). */
    Host self();

    /** Kafka Streams' state on this instance, e.g. {@code RUNNING} or {@code REBALANCING}. */
    String state();

    /** Whether Kafka Streams is RUNNING here: only then are the instance's answers about all its partitions. */
    default boolean running() {
        return "RUNNING".equals(state());
    }

    /** The owners of the customer's partition; empty while Kafka Streams cannot tell (NOT_AVAILABLE). */
    Optional<KeyOwners> ownersOf(String customerId);

    /** Every instance with at least one active partition of the profile store (this one included, if so). */
    List<Host> activeHosts();

    /**
     * How many records this instance's copy of the partition (active, restoring or standby) is behind the end of
     * its changelog: 0 for an active copy that is caught up; empty if this instance holds no copy (or cannot tell
     * right now). An estimate that may be a second old: Kafka Streams asks the brokers for it, in the background.
     */
    OptionalLong localLag(int partition);

    /** Every partition of the profile store, as the last assignment spread them; empty while not known. */
    SortedSet<Integer> allPartitions();

    /** This instance's stream threads that are alive (neither dead nor shutting down). */
    int liveStreamThreads();
}
