package org.rfmstream.ops.replay;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rfmstream.ops.OpsException;
import org.rfmstream.ops.retail.InvoiceAssembler;
import org.rfmstream.ops.retail.RetailCsvReader;
import org.rfmstream.ops.retail.RowCounts;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.schemas.Transaction;

/**
 * Sends a retail CSV file to the transactions topic, one event per invoice (see {@link InvoiceAssembler}), keyed by
 * customerId, through an idempotent producer with {@code acks=all}. The record timestamp is the invoice's time, so
 * that event time in the topic is the time of the purchase.
 */
public final class TransactionReplayer {

    private final Properties clientProperties;
    private final String topic;

    /**
     * @param clientProperties Kafka client settings ({@code bootstrap.servers}, security...), e.g.
     *                         {@code Settings.kafkaProperties()}
     */
    public TransactionReplayer(Properties clientProperties, String topic) {
        this.clientProperties = clientProperties;
        this.topic = topic;
    }

    /** Reads {@code csv} to its end and returns once every event is acknowledged or has failed. */
    public ReplaySummary replay(InputStream csv, ReplayOptions options) {
        requireTopic();
        long started = System.nanoTime();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        RatePacer pacer = new RatePacer(options.eventsPerSecond());
        RowCounts rows;
        try (KafkaProducer<String, Transaction> producer = new KafkaProducer<>(producerProperties(),
                new StringSerializer(), Serdes.transaction().serializer());
             RetailCsvReader reader = RetailCsvReader.of(csv)) {
            rows = InvoiceAssembler.assemble(reader, options.cancellations(), options.currency(), transaction -> {
                pacer.awaitNext();
                ProducerRecord<String, Transaction> record = new ProducerRecord<>(topic, null,
                        transaction.timestamp().toEpochMilli(), transaction.customerId(), transaction);
                send(producer, record, acknowledged, failed, firstFailure);
            });
            producer.flush();
        }
        return new ReplaySummary(rows, acknowledged.get(), failed.get(), firstFailure.get(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private void send(KafkaProducer<String, Transaction> producer, ProducerRecord<String, Transaction> record,
                             AtomicLong acknowledged, AtomicLong failed, AtomicReference<String> firstFailure) {
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    acknowledged.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, exception.toString());
                }
            });
        } catch (KafkaException e) {
            // the producer cannot go on (e.g. no broker within max.block.ms): stop with one clear line
            throw new OpsException("cannot send to " + topic + " on "
                    + clientProperties.getProperty("bootstrap.servers") + ": " + e.getMessage(), e);
        }
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "10");
        properties.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        properties.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        properties.putAll(clientProperties);
        // The replay's guarantees are not negotiable: every event once, in order per customer.
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "rfm-ops-replay");
        return properties;
    }

    /**
     * A missing topic would otherwise show as a 30 s wait and a vague metadata timeout. A topic created a moment ago
     * may not be known to the broker yet, so "unknown" is asked again for a few seconds before it counts.
     */
    private void requireTopic() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.putIfAbsent("default.api.timeout.ms", "30000");
        properties.putIfAbsent("request.timeout.ms", "15000");
        String servers = clientProperties.getProperty("bootstrap.servers");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try (Admin admin = Admin.create(properties)) {
            while (true) {
                try {
                    admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new OpsException("cannot reach Kafka at " + servers + ": " + e.getCause().getMessage(), e);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new OpsException("topic " + topic + " does not exist on " + servers
                                + ": create it with `ops topics` first");
                    }
                }
                Thread.sleep(250);
            }
        } catch (TimeoutException e) {
            throw new OpsException("cannot reach Kafka at " + servers + " within 30 s: is it running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted", e);
        }
    }
}
