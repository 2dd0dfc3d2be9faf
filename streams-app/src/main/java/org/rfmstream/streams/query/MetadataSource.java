package org.rfmstream.streams.query;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

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

    /** How many records this instance's standby copy of the partition is behind; empty if it has none. */
    OptionalLong standbyLag(int partition);
}
