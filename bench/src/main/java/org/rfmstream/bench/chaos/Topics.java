package org.rfmstream.bench.chaos;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the application's output topics to their end as a downstream consumer would: {@code read_committed}, so
 * that what an aborted exactly-once transaction wrote is never seen. Values are read as plain JSON trees, not
 * through the project's record classes.
 */
final class Topics {

    static final String TRANSACTIONS = "transactions";
    static final String PROFILES = "customer-profiles";
    static final String CHANGES = "segment-changes";
    static final String DLQ = "transactions-dlq";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A profile as the {@code customer-profiles} topic holds it. */
    record Profile(String customerId, long frequency, BigDecimal monetary, BigDecimal refunded, Instant firstPurchase,
                   Instant lastPurchase, String segment) {
    }

    /** A segment change, with the offset it has in its partition. */
    record Change(String customerId, String previousSegment, String segment, String reason, Instant at,
                  int partition, long offset) {
    }

    /** A dead letter: its reason header. */
    record DeadLetter(String key, String reason) {
    }

    private final String bootstrapServers;

    Topics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The latest profile of every customer. */
    Map<String, Profile> profiles() {
        Map<String, Profile> latest = new HashMap<>();
        readToEnd(PROFILES, record -> {
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), profile(record.key(), record.value()));
            }
        });
        return latest;
    }

    /** Every change, per customer in the order written (one customer is on one partition). */
    Map<String, List<Change>> changesByCustomer() {
        Map<String, List<Change>> changes = new LinkedHashMap<>();
        readToEnd(CHANGES, record -> changes.computeIfAbsent(record.key(), id -> new ArrayList<>())
                .add(change(record)));
        return changes;
    }

    List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        readToEnd(DLQ, record -> {
            Header reason = record.headers().lastHeader("error.reason");
            letters.add(new DeadLetter(record.key(),
                    reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8)));
        });
        return letters;
    }

    /** The end offsets (committed data only) of every partition of {@code topic}. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer, topic), Duration.ofSeconds(30));
        }
    }

    /** Changes written after {@code from} (end offsets taken earlier). */
    List<Change> changesSince(Map<TopicPartition, Long> from) {
        List<Change> changes = new ArrayList<>();
        readToEnd(CHANGES, record -> {
            if (record.offset() >= from.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L)) {
                changes.add(change(record));
            }
        });
        return changes;
    }

    private void readToEnd(String topic, Consumer<ConsumerRecord<String, byte[]>> sink) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new ChaosException("could not read " + topic + " to its end within 5 minutes");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(sink);
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey(), Duration.ofSeconds(30)) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new ChaosException("topic " + topic + " does not exist");
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    KafkaConsumer<String, byte[]> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    static Profile profile(String key, byte[] value) {
        JsonNode node = tree(value);
        return new Profile(key, node.path("frequency").asLong(), decimal(node, "monetary"), decimal(node, "refunded"),
                instant(node, "firstPurchase"), instant(node, "lastPurchase"), text(node, "segment"));
    }

    private static Change change(ConsumerRecord<String, byte[]> record) {
        JsonNode node = tree(record.value());
        return new Change(record.key(), text(node, "previousSegment"), text(node, "segment"), text(node, "reason"),
                instant(node, "at"), record.partition(), record.offset());
    }

    static JsonNode tree(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new ChaosException("an output record is not JSON: " + new String(value, StandardCharsets.UTF_8), e);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.decimalValue();
    }
}
