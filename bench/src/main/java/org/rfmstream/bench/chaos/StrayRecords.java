package org.rfmstream.bench.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records a careless producer sends into {@code transactions} next to the real history: malformed records and a
 * refused event whose Kafka record timestamps are far in the future or the wall clock, and one valid historical
 * purchase whose record timestamp is the wall clock (the producer's default) while its {@code timestamp} field is in
 * the history. In event time none of them may move a task's clock: the refused ones go to the DLQ, the valid one
 * counts as of its own {@code timestamp}.
 */
final class StrayRecords {

    /** What was sent in one batch: the malformed records by kind, and the valid purchase. */
    record Batch(String stage, Map<String, Integer> refusedByKind, int refused, BatchRfm.Event validPurchase) {
    }

    /**
     * As far ahead as a record timestamp can be: a Kafka 4 broker refuses records more than an hour ahead of its clock
     * ({@code log.message.timestamp.after.max.ms}). For a history of 2011 that is far future all the same.
     */
    private static final Duration FAR_FUTURE = Duration.ofMinutes(50);

    private final String bootstrapServers;
    private final Random random;

    StrayRecords(String bootstrapServers, long seed) {
        this.bootstrapServers = bootstrapServers;
        this.random = new Random(seed);
    }

    /**
     * Sends {@code perKind} records of each refused kind, each kind half with a far-future and half with a
     * wall-clock record timestamp, keyed by customers of the history (so every task gets some), then one valid
     * purchase dated {@code validAt} with the producer's default record timestamp.
     */
    Batch send(String stage, List<String> customers, int perKind, Instant validAt) {
        Map<String, Integer> byKind = new LinkedHashMap<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        long wallClock = System.currentTimeMillis();
        long farFuture = wallClock + FAR_FUTURE.toMillis();
        for (int i = 0; i < perKind; i++) {
            long recordTime = i % 2 == 0 ? farFuture : wallClock;
            String customer = customers.get(random.nextInt(customers.size()));
            String suffix = stage + "-" + i;
            records.add(record(customer, recordTime, "{\"eventId\": \"stray-" + suffix + "\", \"customerId\":"));
            byKind.merge("malformed-json", 1, Integer::sum);
            ObjectNode missing = purchase("stray-missing-" + suffix, customer, null, new BigDecimal("10.00"));
            records.add(record(customer, recordTime, missing.toString()));
            byKind.merge("missing-field", 1, Integer::sum);
            ObjectNode negative = purchase("stray-negative-" + suffix, customer, validAt, new BigDecimal("-5.00"));
            records.add(record(customer, recordTime, negative.toString()));
            byKind.merge("non-positive-amount", 1, Integer::sum);
            // dated a month after its record timestamp: beyond the allowed future skew, so the validator refuses it
            // (a purchase dated at the wall clock itself is valid, and rightly moves the event clock)
            ObjectNode future = purchase("stray-future-" + suffix, customer,
                    Instant.ofEpochMilli(recordTime).plus(Duration.ofDays(30)), new BigDecimal("20.00"));
            records.add(record(customer, recordTime, future.toString()));
            byKind.merge("future-timestamp", 1, Integer::sum);
        }
        String customer = customers.get(random.nextInt(customers.size()));
        BatchRfm.Event valid = new BatchRfm.Event("stray-valid-" + stage, customer, true, validAt,
                new BigDecimal("12.34"));
        records.add(new ProducerRecord<>(Topics.TRANSACTIONS, customer,
                purchase(valid.eventId(), customer, validAt, valid.amount()).toString()
                        .getBytes(StandardCharsets.UTF_8)));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get();
            }
        } catch (ExecutionException e) {
            throw new ChaosException("could not send the stray records: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChaosException("interrupted while sending the stray records");
        }
        int refused = byKind.values().stream().mapToInt(Integer::intValue).sum();
        return new Batch(stage, byKind, refused, valid);
    }

    private static ProducerRecord<String, byte[]> record(String key, long timestamp, String value) {
        return new ProducerRecord<>(Topics.TRANSACTIONS, null, timestamp, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode purchase(String eventId, String customer, Instant at, BigDecimal amount) {
        ObjectNode node = Topics.JSON.createObjectNode();
        node.put("eventId", eventId);
        node.put("customerId", customer);
        node.put("type", "PURCHASE");
        if (at != null) {
            node.put("timestamp", at.toString());
        }
        node.put("amount", amount);
        node.put("currency", "GBP");
        node.put("country", "United Kingdom");
        return node;
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }
}
