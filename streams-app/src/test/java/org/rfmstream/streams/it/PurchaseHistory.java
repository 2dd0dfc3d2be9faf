package org.rfmstream.streams.it;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.Rfm;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionType;
import org.rfmstream.testsupport.KafkaBroker;

/**
 * Purchases of many customers over a period, with what a batch computation says about each customer: RFM
 * figures, and the segment at the stream time of the customer's partition (in event time, a task's "now" is the
 * latest event time it has seen). Events are produced in time order, keyed by customer, with their event time
 * as record timestamp.
 */
final class PurchaseHistory {

    /** One purchase as sent. */
    record Purchase(String eventId, String customerId, Instant at, BigDecimal amount) {
    }

    /** One customer as a batch computation over the history sees them. */
    record Customer(String id, int partition, long frequency, BigDecimal monetary, Instant lastPurchase) {

        Rfm rfm(Instant asOf) {
            return new Rfm(Rfm.recencyDays(lastPurchase, asOf), frequency, monetary);
        }
    }

    private final List<Purchase> purchases;
    private final Map<String, Customer> customers;
    private final Instant[] streamTimeByPartition;

    private PurchaseHistory(List<Purchase> purchases, Map<String, Customer> customers, int partitions) {
        this.purchases = List.copyOf(purchases);
        this.customers = customers;
        this.streamTimeByPartition = new Instant[partitions];
        for (Purchase purchase : purchases) {
            int partition = customers.get(purchase.customerId()).partition();
            Instant current = streamTimeByPartition[partition];
            streamTimeByPartition[partition] = current == null || purchase.at().isAfter(current) ? purchase.at()
                    : current;
        }
    }

    /**
     * Each customer buys 1 to 6 times between {@code start} and a last active day of their own, so recency,
     * frequency and money all vary.
     */
    static PurchaseHistory generate(String idPrefix, int customerCount, Instant start, int days, int partitions,
                                    long seed) {
        Random random = new Random(seed);
        List<Purchase> purchases = new ArrayList<>();
        Map<String, Customer> customers = new LinkedHashMap<>();
        for (int c = 0; c < customerCount; c++) {
            String id = idPrefix + String.format("%05d", c);
            long activeSeconds = Duration.ofDays(1 + random.nextInt(days)).toSeconds();
            int count = 1 + random.nextInt(6);
            BigDecimal monetary = BigDecimal.ZERO;
            Instant last = null;
            List<Instant> times = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                times.add(start.plusSeconds(random.nextLong(activeSeconds)));
            }
            times.sort(Comparator.naturalOrder());
            for (int p = 0; p < count; p++) {
                BigDecimal amount = BigDecimal.valueOf(500 + random.nextInt(60_000), 2);
                purchases.add(new Purchase(id + "-" + p, id, times.get(p), amount));
                monetary = monetary.add(amount);
                last = times.get(p);
            }
            customers.put(id, new Customer(id, partitionOf(id, partitions), count, monetary, last));
        }
        purchases.sort(Comparator.comparing(Purchase::at).thenComparing(Purchase::eventId));
        return new PurchaseHistory(purchases, customers, partitions);
    }

    /** The producer's default partitioner for a keyed record, as Kafka Streams also finds the key's owner. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    List<Purchase> purchases() {
        return purchases;
    }

    List<Customer> customers() {
        return List.copyOf(customers.values());
    }

    /** The latest event time of the customer's partition: its task's stream time once all is processed. */
    Instant streamTimeOf(Customer customer) {
        return streamTimeByPartition[customer.partition()];
    }

    /** The segment the customer must be in once everything is processed: the nearest at their task's "now". */
    SegmentModel.Segment segmentAtStreamTime(Customer customer, SegmentScorer scorer) {
        return scorer.nearest(customer.rfm(streamTimeOf(customer)));
    }

    /** Sends every purchase in time order, keyed by customer, the event time as record timestamp. */
    void produce(KafkaBroker broker, String topic) {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(purchases.size());
            for (Purchase purchase : purchases) {
                Transaction transaction = new Transaction(purchase.eventId(), purchase.customerId(),
                        TransactionType.PURCHASE, purchase.at(), purchase.amount(), "GBP", "United Kingdom", null);
                sent.add(producer.send(new ProducerRecord<>(topic, null, purchase.at().toEpochMilli(),
                        purchase.customerId(), Json.toString(transaction))));
            }
            for (Future<RecordMetadata> result : sent) {
                result.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a purchase could not be sent", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending purchases", e);
        }
    }
}
