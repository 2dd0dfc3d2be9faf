package org.rfmstream.ops.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;

class TopicSpecTest {

    @Test
    void theSixTopicsWithCompactedStateTopicsAndOneModelPartition() {
        List<TopicSpec> specs = TopicSpec.forSystem(TopicNames.defaults(), TopicSpec.DEFAULT_PARTITIONS,
                TopicSpec.DEFAULT_REPLICATION_FACTOR);

        assertThat(specs).extracting(TopicSpec::name, TopicSpec::partitions, TopicSpec::compacted).containsExactly(
                tuple("transactions", 6, false),
                tuple("segment-changes", 6, false),
                tuple("customer-profiles", 6, true),
                tuple("segment-models", 1, true),
                tuple("transactions-dlq", 6, false),
                tuple("customer-erasures", 6, true));
        assertThat(specs).allSatisfy(spec -> assertThat(spec.replicationFactor()).isEqualTo((short) 1));
    }

    @Test
    void theCompactedTopicsWithPersonalDataAreCompactedWithinADaySoTombstonesReallyDelete() {
        List<TopicSpec> specs = TopicSpec.forSystem(TopicNames.defaults(), 6, (short) 1);

        assertThat(specs).filteredOn(spec -> spec.configs().containsKey("max.compaction.lag.ms"))
                .extracting(TopicSpec::name).containsExactly("customer-profiles", "customer-erasures");
        assertThat(specs).filteredOn(spec -> spec.configs().containsKey("max.compaction.lag.ms"))
                .allSatisfy(spec -> assertThat(spec.configs().get("max.compaction.lag.ms")).isEqualTo("86400000"));
    }

    @Test
    void namesComeFromTheSettingsAndPartitionsAndReplicasFromTheCaller() {
        TopicNames names = Settings.of(Map.of("TOPIC_TRANSACTIONS", "shop.tx", "TOPIC_SEGMENT_MODELS", "shop.models"))
                .topics();

        List<TopicSpec> specs = TopicSpec.forSystem(names, 12, (short) 3);

        assertThat(specs).extracting(TopicSpec::name)
                .containsExactly("shop.tx", "segment-changes", "customer-profiles", "shop.models", "transactions-dlq",
                        "customer-erasures");
        assertThat(specs).extracting(TopicSpec::partitions).containsExactly(12, 12, 12, 1, 12, 12);
        assertThat(specs).allSatisfy(spec -> assertThat(spec.replicationFactor()).isEqualTo((short) 3));
    }

    @Test
    void becomesTheAdminRequestWithItsSettings() {
        NewTopic topic = new TopicSpec("customer-profiles", 6, (short) 1, Map.of("cleanup.policy", "compact")).toNewTopic();

        assertThat(topic.name()).isEqualTo("customer-profiles");
        assertThat(topic.numPartitions()).isEqualTo(6);
        assertThat(topic.replicationFactor()).isEqualTo((short) 1);
        assertThat(topic.configs()).containsExactlyEntriesOf(Map.of("cleanup.policy", "compact"));
    }

    @Test
    void refusesNoPartitionsOrNoReplicas() {
        assertThatThrownBy(() -> TopicSpec.forSystem(TopicNames.defaults(), 0, (short) 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 partition");
        assertThatThrownBy(() -> TopicSpec.forSystem(TopicNames.defaults(), 6, (short) 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replication factor");
    }
}
