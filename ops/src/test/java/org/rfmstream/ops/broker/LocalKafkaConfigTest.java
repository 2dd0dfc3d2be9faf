package org.rfmstream.ops.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class LocalKafkaConfigTest {

    private final Properties properties = LocalKafka.serverProperties(Path.of("/tmp/kafka-data"), 9092, 9093);

    @Test
    void passesKafkasOwnValidationAsACombinedKraftNodeOnTheLoopback() {
        KafkaConfig config = KafkaConfig.fromProps(properties, false);

        assertThat(config.nodeId()).isEqualTo(1);
        assertThat(properties.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(properties.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9092");
        assertThat(properties.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:9093");
    }

    @Test
    void letsExactlyOnceAndConsumerGroupsWorkOnOneBroker() {
        assertThat(properties).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("default.replication.factor", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void keepsReplayedHistoryAndCreatesNoTopicByAccident() {
        assertThat(properties).containsEntry("log.retention.ms", "-1")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("log.dirs", "/tmp/kafka-data");
    }
}
