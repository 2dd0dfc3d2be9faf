package org.rfmstream.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.metrics.SegmentationMetrics;

class StreamsSettingsTest {

    private static Properties properties(Map<String, String> values) {
        return StreamsSettings.properties(Settings.of(values), new SegmentationMetrics(new SimpleMeterRegistry()));
    }

    @Test
    void exactlyOnceIsTheDefaultAndTheApplicationIsReachableAtItsServerAddress() {
        Properties properties = properties(Map.of("HTTP_PORT", "8081"));

        assertThat(properties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(properties.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("rfm-segmentation");
        assertThat(properties.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("localhost:8081");
        assertThat(properties.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("localhost:9092");
        assertThat(properties.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(0);
        assertThat(properties.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(BoundedMemoryRocksDBConfig.class);
        assertThat(properties.get(BoundedMemoryRocksDBConfig.TOTAL_MEMORY_BYTES)).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void namedSettingsAndKafkaPassThroughReachStreams() {
        Properties properties = properties(Map.of(
                "NUM_STANDBY_REPLICAS", "1",
                "ROCKSDB_MEMORY_MB", "256",
                "COMMIT_INTERVAL", "PT0.5S",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_PROCESSING_GUARANTEE", "at_least_once"));

        assertThat(properties.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(properties.get(BoundedMemoryRocksDBConfig.TOTAL_MEMORY_BYTES)).isEqualTo(256L * 1024 * 1024);
        assertThat(properties.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(500L);
        assertThat(properties.get("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(properties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("at_least_once");
    }

    @Test
    void theChangelogsTheAppCreatesAreCompactedWithinADayUnlessKafkaPassThroughSaysOtherwise() {
        assertThat(properties(Map.of()).get("topic.max.compaction.lag.ms")).isEqualTo("86400000");
        assertThat(properties(Map.of("KAFKA_TOPIC_MAX_COMPACTION_LAG_MS", "3600000"))
                .get("topic.max.compaction.lag.ms")).isEqualTo("3600000");
    }

    @Test
    void badValuesStopStartUpWithOneClearMessage() {
        assertThatThrownBy(() -> properties(Map.of("PROCESSING_GUARANTEE", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PROCESSING_GUARANTEE");
        assertThatThrownBy(() -> properties(Map.of("NUM_STANDBY_REPLICAS", "-1")))
                .isInstanceOf(ConfigException.class).hasMessage("NUM_STANDBY_REPLICAS must be at least 0, but is -1.");
        assertThatThrownBy(() -> SegmentationOptions.from(Settings.of(Map.of("SEGMENTATION_CLOCK", "sundial"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("event-time or wall-clock");
        assertThatThrownBy(() -> SegmentationOptions.from(Settings.of(Map.of("SEGMENTATION_DEDUP_RETENTION", "7d"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SEGMENTATION_DEDUP_RETENTION");
        assertThatThrownBy(() -> SegmentationOptions.from(Settings.of(Map.of("SEGMENTATION_RESCORE_BATCH", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SEGMENTATION_RESCORE_BATCH");
    }

    @Test
    void segmentationDefaultsFollowTheDesign() {
        SegmentationOptions options = SegmentationOptions.defaults();

        assertThat(options.clock()).isEqualTo(SegmentationOptions.Clock.EVENT_TIME);
        assertThat(options.dedupRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(options.topics().transactions()).isEqualTo("transactions");
        assertThat(SegmentationOptions.from(Settings.of(Map.of("SEGMENTATION_CLOCK", "Wall-Clock"))).clock())
                .isEqualTo(SegmentationOptions.Clock.WALL_CLOCK);
    }

    @Test
    void eachInstanceIsAStaticMemberNamedAfterItsAddressWithASessionThatCoversARestart() {
        Properties properties = properties(Map.of("APPLICATION_SERVER", "streams-app-1:8080"));

        assertThat(properties.get(StreamsConfig.GROUP_PROTOCOL_CONFIG)).isEqualTo("classic");
        assertThat(properties.get("main.consumer.group.instance.id")).isEqualTo("streams-app-1-8080");
        assertThat(properties.get("session.timeout.ms")).isEqualTo(60_000);
        assertThat(properties.get("heartbeat.interval.ms")).isEqualTo(3_000);
        assertThat(properties.get(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG)).isEqualTo(10_000L);
        assertThat(properties.get(StreamsConfig.MAX_WARMUP_REPLICAS_CONFIG)).isEqualTo(2);
        assertThat(properties.get(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG)).isEqualTo(60_000L);
        assertThat(StreamsSettings.leaveGroupOnClose(Settings.of(Map.of()))).isFalse();
    }

    @Test
    void membershipSettingsAndTheirLimits() {
        Properties properties = properties(Map.of("GROUP_INSTANCE_ID", "rfm-0", "SESSION_TIMEOUT", "PT6S"));
        assertThat(properties.get("main.consumer.group.instance.id")).isEqualTo("rfm-0");
        assertThat(properties.get("session.timeout.ms")).isEqualTo(6_000);
        assertThat(properties.get("heartbeat.interval.ms")).isEqualTo(2_000);

        assertThat(properties(Map.of("GROUP_INSTANCE_ID", "none"))).doesNotContainKey("main.consumer.group.instance.id");
        assertThat(properties(Map.of("HTTP_PORT", "0"))).as("no stable address, no identity")
                .doesNotContainKey("main.consumer.group.instance.id");
        assertThat(properties(Map.of("KAFKA_SESSION_TIMEOUT_MS", "9000")).get("session.timeout.ms"))
                .as("the KAFKA_* pass-through still wins").isEqualTo("9000");
        assertThatThrownBy(() -> properties(Map.of("GROUP_INSTANCE_ID", "pod 0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GROUP_INSTANCE_ID");
        assertThatThrownBy(() -> properties(Map.of("SESSION_TIMEOUT", "PT0.5S")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SESSION_TIMEOUT");
        assertThatThrownBy(() -> StreamsSettings.threadFailurePolicy(Settings.of(Map.of("THREAD_FAILURE_LIMIT", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("THREAD_FAILURE_LIMIT");
        assertThat(StreamsSettings.leaveGroupOnClose(Settings.of(Map.of("LEAVE_GROUP_ON_CLOSE", "true")))).isTrue();
    }
}
