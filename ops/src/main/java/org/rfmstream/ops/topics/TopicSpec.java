package org.rfmstream.ops.topics;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.rfmstream.schemas.config.TopicNames;

/** One topic of the system as it should exist: name, partitions, replication factor and topic-level settings. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public static final int DEFAULT_PARTITIONS = 6;
    public static final short DEFAULT_REPLICATION_FACTOR = 1;

    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic needs at least 1 partition, " + name + " has " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("the replication factor must be at least 1, is " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }

    public boolean compacted() {
        return TopicConfig.CLEANUP_POLICY_COMPACT.equals(configs.get(TopicConfig.CLEANUP_POLICY_CONFIG));
    }

    public NewTopic toNewTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }

    /**
     * How long (ms) a record of a compacted topic with personal data may stay uncompacted: one day. Kafka never
     * compacts the active segment, and by default neither rolls it before 7 days nor cleans a log before half of it
     * is dirty, so without this bound the profile an erasure replaced could stay on disk indefinitely.
     */
    public static final String MAX_COMPACTION_LAG_MS = Long.toString(24L * 60 * 60 * 1000);

    /**
     * The six topics: the keyed ones with {@code partitions} partitions ({@code customer-erasures} too, so that an
     * erasure reaches the task that holds its customer); {@code customer-profiles}, {@code segment-models} and
     * {@code customer-erasures} compacted (the latest value per key is the state), the two with personal data with
     * {@link #MAX_COMPACTION_LAG_MS}; {@code segment-models} with a single partition, since it holds one model that
     * every instance reads whole.
     */
    public static List<TopicSpec> forSystem(TopicNames names, int partitions, short replicationFactor) {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> personal = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, MAX_COMPACTION_LAG_MS);
        return List.of(
                new TopicSpec(names.transactions(), partitions, replicationFactor, Map.of()),
                new TopicSpec(names.segmentChanges(), partitions, replicationFactor, Map.of()),
                new TopicSpec(names.customerProfiles(), partitions, replicationFactor, personal),
                new TopicSpec(names.segmentModels(), 1, replicationFactor, compacted),
                new TopicSpec(names.transactionsDlq(), partitions, replicationFactor, Map.of()),
                new TopicSpec(names.customerErasures(), partitions, replicationFactor, personal));
    }
}
