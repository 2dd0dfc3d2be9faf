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
     * The five topics: the keyed ones with {@code partitions} partitions; {@code customer-profiles} and
     * {@code segment-models} compacted (the latest value per key is the state); {@code segment-models} with a
     * single partition, since it holds one model that every instance reads whole.
     */
    public static List<TopicSpec> forSystem(TopicNames names, int partitions, short replicationFactor) {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return List.of(
                new TopicSpec(names.transactions(), partitions, replicationFactor, Map.of()),
                new TopicSpec(names.segmentChanges(), partitions, replicationFactor, Map.of()),
                new TopicSpec(names.customerProfiles(), partitions, replicationFactor, compacted),
                new TopicSpec(names.segmentModels(), 1, replicationFactor, compacted),
                new TopicSpec(names.transactionsDlq(), partitions, replicationFactor, Map.of()));
    }
}
