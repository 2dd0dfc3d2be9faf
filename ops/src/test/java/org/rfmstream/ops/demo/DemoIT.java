package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentChange;

/**
 * The demo's wiring for real: broker, topics, the streams-app and trainer jars as child processes, history and live
 * purchases. A newcomer sees segments on the API and segment changes on the topic; Ctrl-C stops everything; running
 * it again continues on the same data without sending the history again.
 */
class DemoIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @BeforeAll
    static void jarsArePackaged() {
        DemoRun.requireJars();
    }

    @Test
    void segmentsAndChangesAppearThenItStopsCleanlyAndARunAgainContinuesOnTheSameData() throws Exception {
        Path dir = tmp.resolve("demo");
        DemoRun first = DemoRun.start(dir, 400, 10, Duration.ofMinutes(10));
        List<JsonNode> segments;
        try (first) {
            segments = awaitSegments(first);
            assertThat(segments).allSatisfy(segment -> assertThat(segment.path("customers").asLong()).isPositive());

            List<SegmentChange> changes = awaitChanges(first, 1);
            assertThat(changes).anySatisfy(change -> {
                assertThat(change.reason()).isEqualTo(ChangeReason.PURCHASE);
                assertThat(change.eventId()).as("a live purchase moved the customer").startsWith("L1-");
            });
            assertThat(first.output())
                    .contains("History replayed: ")
                    .contains("Model v1 published: ")
                    .containsPattern("First segments [0-9.ms]+ after the command")
                    .contains("Dashboard        " + first.baseUrl());

            assertThat(first.stop()).isZero();
        }
        assertThat(first.output()).contains("Stopped. The data is kept in " + dir.toAbsolutePath());
        assertThat(Ports.isFree(first.options().httpPort())).as("the streams-app has stopped").isTrue();
        assertThat(Ports.isFree(first.options().kafkaPort())).as("the broker has stopped").isTrue();
        assertThat(DemoState.read(dir).runs()).isEqualTo(1);

        DemoRun second = DemoRun.start(first.options());
        try (second) {
            List<JsonNode> again = awaitSegments(second);
            assertThat(again).isNotEmpty();
            assertThat(awaitChanges(second, 1)).isNotEmpty();
            assertThat(second.output())
                    .contains("Continuing the demo in " + dir.toAbsolutePath())
                    .contains("Model v1 in force: ")
                    .doesNotContain("History replayed")
                    .doesNotContain("Model v2");
            assertThat(DemoState.read(dir).runs()).isEqualTo(2);
        }
    }

    static List<JsonNode> awaitSegments(DemoRun demo) {
        List<List<JsonNode>> seen = new ArrayList<>(List.of(List.of()));
        await("segments on " + demo.baseUrl() + "api/segments").atMost(STARTUP).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    demo.requireRunning();
                    seen.set(0, demo.segmentsWithCustomers());
                    return !seen.get(0).isEmpty();
                });
        return seen.get(0);
    }

    /** Reads segment-changes from the beginning, as any Kafka client would, until {@code count} changes are seen. */
    static List<SegmentChange> awaitChanges(DemoRun demo, int count) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers());
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<SegmentChange> changes = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("segment-changes").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("segment changes on " + demo.bootstrapServers()).atMost(STARTUP).until(() -> {
                demo.requireRunning();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    SegmentChange change = Json.fromString(record.value(), SegmentChange.class);
                    assertThat(record.key()).isEqualTo(change.customerId());
                    changes.add(change);
                }
                return changes.stream().filter(c -> c.reason() == ChangeReason.PURCHASE).count() >= count;
            });
        }
        return changes;
    }
}
