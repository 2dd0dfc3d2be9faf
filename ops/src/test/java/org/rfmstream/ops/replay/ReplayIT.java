package org.rfmstream.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.ops.OpsException;
import org.rfmstream.ops.generate.RetailDataGenerator;
import org.rfmstream.ops.retail.CancellationPolicy;
import org.rfmstream.ops.retail.SkipReason;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionType;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

/**
 * A generated file replayed into a real broker and read back. The expected events and skip counts are computed here
 * from the CSV with plain Commons CSV and the README's replay rules, not with the production reader.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ReplayIT {

    private static final DateTimeFormatter UCI = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");

    /** What the replay should send for one invoice. */
    record Expected(String customerId, TransactionType type, BigDecimal amount, long timestampMillis) {
    }

    @TempDir
    static Path dir;
    static Path file;

    @BeforeAll
    static void generate() throws IOException {
        file = dir.resolve("retail.csv");
        try (Writer writer = Files.newBufferedWriter(file)) {
            new RetailDataGenerator(2024, 400).write(writer);
        }
    }

    @Test
    void sendsOneEventPerInvoiceKeyedByCustomerWithTheInvoicesAmountAndCountsTheSkippedRows(KafkaBroker broker)
            throws IOException {
        String topic = broker.unique("transactions");
        broker.createTopic(topic, 3, false);
        Map<SkipReason, Long> expectedSkips = new HashMap<>();
        Map<String, Expected> expected = expectedEvents(CancellationPolicy.REFUND, expectedSkips);

        ReplaySummary summary;
        try (InputStream in = Files.newInputStream(file)) {
            summary = new TransactionReplayer(broker.clientProperties(), topic).replay(in, ReplayOptions.defaults());
        }

        assertThat(summary.sendFailures()).isZero();
        assertThat(summary.eventsSent()).isEqualTo(expected.size());
        assertThat(summary.rows().refunds()).isPositive();
        assertThat(summary.rows().skippedByReason()).containsExactlyInAnyOrderEntriesOf(expectedSkips);
        assertThat(summary.rows().rowsRead()).isEqualTo(countRows());
        assertThat(readBack(broker, topic, expected.size())).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void skippingCancellationsSendsOnlyThePurchases(KafkaBroker broker) throws IOException {
        String topic = broker.unique("transactions");
        broker.createTopic(topic, 3, false);
        Map<SkipReason, Long> expectedSkips = new HashMap<>();
        Map<String, Expected> expected = expectedEvents(CancellationPolicy.SKIP, expectedSkips);

        ReplaySummary summary;
        try (InputStream in = Files.newInputStream(file)) {
            summary = new TransactionReplayer(broker.clientProperties(), topic)
                    .replay(in, ReplayOptions.defaults().withCancellations(CancellationPolicy.SKIP));
        }

        assertThat(expectedSkips).containsKey(SkipReason.CANCELLATION_SKIPPED);
        assertThat(summary.rows().skippedByReason()).containsExactlyInAnyOrderEntriesOf(expectedSkips);
        assertThat(summary.rows().refunds()).isZero();
        assertThat(readBack(broker, topic, expected.size())).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void aMissingTopicIsOneClearErrorBeforeAnythingIsSent(KafkaBroker broker) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            TransactionReplayer replayer = new TransactionReplayer(broker.clientProperties(), broker.unique("absent"));
            assertThatThrownBy(() -> replayer.replay(in, ReplayOptions.defaults()))
                    .isInstanceOf(OpsException.class)
                    .hasMessageContaining("does not exist")
                    .hasMessageContaining("ops topics");
        }
    }

    /** The README's replay rules ("Commands"), applied to the whole file held in memory. */
    private static Map<String, Expected> expectedEvents(CancellationPolicy policy, Map<SkipReason, Long> skips)
            throws IOException {
        Map<String, List<CSVRecord>> invoices = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                invoices.computeIfAbsent(row.get("InvoiceNo"), k -> new java.util.ArrayList<>()).add(row);
            }
        }
        Map<String, Expected> events = new HashMap<>();
        invoices.forEach((invoice, rows) -> {
            boolean cancellation = invoice.startsWith("C");
            BigDecimal total = BigDecimal.ZERO;
            CSVRecord first = null;
            for (CSVRecord row : rows) {
                int quantity = Integer.parseInt(row.get("Quantity"));
                BigDecimal price = new BigDecimal(row.get("UnitPrice"));
                SkipReason reason = null;
                if (row.get("CustomerID").isEmpty()) {
                    reason = SkipReason.MISSING_CUSTOMER_ID;
                } else if (cancellation && policy == CancellationPolicy.SKIP) {
                    reason = SkipReason.CANCELLATION_SKIPPED;
                } else if (cancellation ? quantity >= 0 : quantity <= 0) {
                    reason = SkipReason.NON_POSITIVE_QUANTITY;
                } else if (price.signum() <= 0) {
                    reason = SkipReason.NON_POSITIVE_PRICE;
                }
                if (reason != null) {
                    skips.merge(reason, 1L, Long::sum);
                    continue;
                }
                first = first == null ? row : first;
                total = total.add(price.multiply(BigDecimal.valueOf(Math.abs(quantity))));
            }
            if (first != null) {
                long millis = LocalDateTime.parse(first.get("InvoiceDate"), UCI).toInstant(ZoneOffset.UTC).toEpochMilli();
                events.put(invoice, new Expected(first.get("CustomerID"),
                        cancellation ? TransactionType.REFUND : TransactionType.PURCHASE,
                        total.setScale(2, RoundingMode.HALF_UP), millis));
            }
        });
        return events;
    }

    private static long countRows() throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).stream().count();
        }
    }

    /** Every record of the topic as eventId → what it carries, checking that the key is the customerId. */
    private static Map<String, Expected> readBack(KafkaBroker broker, String topic, int count) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, broker.unique("replay-it"));
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Expected> received = new HashMap<>();
        try (KafkaConsumer<String, Transaction> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                Serdes.transaction().deserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, Transaction> record : consumer.poll(Duration.ofMillis(200))) {
                    Transaction transaction = record.value();
                    assertThat(record.key()).isEqualTo(transaction.customerId());
                    assertThat(record.timestamp()).isEqualTo(transaction.timestamp().toEpochMilli());
                    Expected previous = received.put(transaction.eventId(), new Expected(transaction.customerId(),
                            transaction.type(), transaction.amount(), transaction.timestamp().toEpochMilli()));
                    assertThat(previous).as("event %s sent once", transaction.eventId()).isNull();
                }
                return received.size() >= count;
            });
            assertThat(consumer.poll(Duration.ofMillis(500))).as("nothing more than expected").isEmpty();
        }
        return received;
    }
}
