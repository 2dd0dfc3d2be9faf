package org.rfmstream.ops.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rfmstream.ops.OpsException;
import org.rfmstream.ops.generate.RetailDataGenerator;
import org.rfmstream.ops.retail.CancellationPolicy;
import org.rfmstream.ops.retail.InvoiceAssembler;
import org.rfmstream.ops.retail.RetailCsvReader;
import org.rfmstream.ops.retail.RowCounts;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.schemas.Transaction;

/**
 * The demo's purchase history: the generator's year of purchases (1 Dec 2010 to 9 Dec 2011), moved in time so that
 * it ends at the moment the demo starts, because the streams-app runs on the wall clock and a history from 2011
 * would make every customer "lost".
 */
final class History {

    /** Where the generator's history ends: midnight after its last day. */
    static final Instant GENERATOR_END = RetailDataGenerator.HISTORY_START
            .plusDays(RetailDataGenerator.HISTORY_DAYS).toInstant(ZoneOffset.UTC);

    /** What was sent. */
    record Sent(long purchases, long refunds, Instant first, Instant last) {
        long events() {
            return purchases + refunds;
        }
    }

    private History() {
    }

    /** The shift that moves the generator's end of history to {@code end}. */
    static Duration shiftEndingAt(Instant end) {
        return Duration.between(GENERATOR_END, end);
    }

    static Transaction shifted(Transaction transaction, Duration shift) {
        return new Transaction(transaction.eventId(), transaction.customerId(), transaction.type(),
                transaction.timestamp().plus(shift), transaction.amount(), transaction.currency(),
                transaction.country(), transaction.lines());
    }

    /** Writes the generated history in the UCI CSV format. */
    static void generate(RetailDataGenerator generator, Path csv) {
        try {
            Files.createDirectories(csv.toAbsolutePath().getParent());
            try (Writer writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                generator.write(writer);
            }
        } catch (IOException e) {
            throw new OpsException("cannot write " + csv + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends the CSV's invoices (cancellations as refunds), moved by {@code shift}, and returns once every one is
     * acknowledged. Record timestamps are the moved purchase times.
     *
     * @throws OpsException if any event was not acknowledged
     */
    static Sent replay(Path csv, Duration shift, Properties clientProperties, String topic) {
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicReference<Instant> first = new AtomicReference<>();
        AtomicReference<Instant> last = new AtomicReference<>();
        RowCounts counts;
        try (InputStream in = Files.newInputStream(csv);
             RetailCsvReader reader = RetailCsvReader.of(in);
             KafkaProducer<String, Transaction> producer = new KafkaProducer<>(producerProperties(clientProperties),
                     new StringSerializer(), Serdes.transaction().serializer())) {
            counts = InvoiceAssembler.assemble(reader, CancellationPolicy.REFUND, InvoiceAssembler.DEFAULT_CURRENCY,
                    original -> {
                        Transaction transaction = shifted(original, shift);
                        first.compareAndSet(null, transaction.timestamp());
                        last.set(transaction.timestamp());
                        producer.send(new ProducerRecord<>(topic, null, transaction.timestamp().toEpochMilli(),
                                transaction.customerId(), transaction), (metadata, exception) -> {
                                    if (exception != null) {
                                        failed.incrementAndGet();
                                        firstFailure.compareAndSet(null, exception.toString());
                                    }
                                });
                    });
            producer.flush();
        } catch (IOException e) {
            throw new OpsException("cannot read " + csv + ": " + e.getMessage(), e);
        } catch (KafkaException e) {
            throw new OpsException("cannot send the history to " + topic + ": " + e.getMessage(), e);
        }
        if (failed.get() > 0) {
            throw new OpsException(failed.get() + " history events were not sent to " + topic + ": "
                    + firstFailure.get());
        }
        return new Sent(counts.purchases(), counts.refunds(), first.get(), last.get());
    }

    static Properties producerProperties(Properties clientProperties) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        properties.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "rfm-demo-history");
        return properties;
    }
}
