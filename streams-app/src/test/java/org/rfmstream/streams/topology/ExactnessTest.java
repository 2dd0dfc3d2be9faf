package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.CustomerProfile;

/**
 * The streaming figures equal a plain batch computation over the same data: a seeded CSV in the UCI Online
 * Retail format, replayed as {@code ops replay --cancellations skip} would (one event per invoice, cancellations
 * and unusable rows skipped), against frequency, monetary and recency computed directly from the rows.
 */
class ExactnessTest {

    private static final DateTimeFormatter UCI_DATE = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");
    private static final int CUSTOMERS = 2_000;
    private static final int INVOICES = 9_000;

    private final SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void everyCustomersFrequencyMonetaryAndRecencyEqualTheBatchComputation() {
        List<String[]> rows = generateUciRows(new Random(20111209));
        List<Invoice> invoices = replayAsEvents(rows);
        for (int i = 0; i < invoices.size(); i++) {
            Invoice invoice = invoices.get(i);
            String json = "{\"eventId\":\"" + invoice.number + "\",\"customerId\":\"" + invoice.customerId
                    + "\",\"type\":\"PURCHASE\",\"timestamp\":\"" + invoice.timestamp + "\",\"amount\":"
                    + invoice.amount.toPlainString() + ",\"country\":\"United Kingdom\"}";
            // Some producers do not key by customer: those records take the re-keying path.
            app.send(i % 10 == 0 ? null : invoice.customerId, json, invoice.timestamp);
        }
        Instant asOf = invoices.getLast().timestamp.plus(Duration.ofDays(1));

        Map<String, Batch> expected = batchComputation(rows);
        Map<String, CustomerProfile> published = app.latestProfiles();

        assertThat(published.keySet()).isEqualTo(expected.keySet());
        assertThat(expected).hasSizeGreaterThan(CUSTOMERS / 2);
        expected.forEach((customerId, batch) -> {
            CustomerProfile profile = app.profile(customerId);
            assertThat(profile.frequency()).as("frequency of %s", customerId).isEqualTo(batch.invoices.size());
            assertThat(profile.monetary()).as("monetary of %s", customerId).isEqualTo(batch.monetary);
            assertThat(profile.recencyDays(asOf)).as("recency of %s", customerId)
                    .isEqualTo(Duration.between(batch.lastPurchase, asOf).toDays());
            assertThat(published.get(customerId)).as("published profile of %s", customerId).isEqualTo(profile);
        });
        assertThat(app.events("processed")).isEqualTo(invoices.size());
    }

    // ---- the data set: UCI columns InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country

    private static List<String[]> generateUciRows(Random random) {
        List<String[]> rows = new ArrayList<>();
        LocalDateTime start = LocalDateTime.of(2010, 12, 1, 8, 0);
        for (int n = 0; n < INVOICES; n++) {
            boolean cancellation = random.nextInt(40) == 0;
            String invoiceNo = (cancellation ? "C" : "") + (536365 + n);
            // A skewed customer base: some customers buy often, most rarely.
            int customer = (int) Math.floor(Math.pow(random.nextDouble(), 2) * CUSTOMERS);
            String customerId = random.nextInt(60) == 0 ? "" : Integer.toString(12346 + customer);
            LocalDateTime date = start.plusMinutes((long) n * 55 + random.nextInt(50));
            int lines = 1 + random.nextInt(6);
            for (int l = 0; l < lines; l++) {
                int quantity = (1 + random.nextInt(24)) * (cancellation ? -1 : 1);
                if (!cancellation && random.nextInt(80) == 0) {
                    quantity = -quantity; // a correction row inside a purchase: not usable
                }
                String unitPrice = BigDecimal.valueOf(random.nextInt(5_000), 2).toPlainString();
                rows.add(new String[] {invoiceNo, "SKU" + random.nextInt(500), "ITEM " + l, Integer.toString(quantity),
                        UCI_DATE.format(date), unitPrice, customerId, "United Kingdom"});
            }
        }
        return rows;
    }

    private record Invoice(String number, String customerId, Instant timestamp, BigDecimal amount) {
    }

    /** What {@code replay --cancellations skip} sends: one event per usable purchase invoice. */
    private static List<Invoice> replayAsEvents(List<String[]> rows) {
        Map<String, Invoice> byNumber = new LinkedHashMap<>();
        for (String[] row : rows) {
            String number = row[0];
            BigDecimal quantity = new BigDecimal(row[3]);
            BigDecimal price = new BigDecimal(row[5]);
            if (number.startsWith("C") || row[6].isEmpty() || quantity.signum() <= 0 || price.signum() <= 0) {
                continue;
            }
            Instant timestamp = LocalDateTime.parse(row[4], UCI_DATE).toInstant(ZoneOffset.UTC);
            byNumber.merge(number, new Invoice(number, row[6], timestamp, quantity.multiply(price)),
                    (a, b) -> new Invoice(a.number, a.customerId, a.timestamp, a.amount.add(b.amount)));
        }
        List<Invoice> invoices = new ArrayList<>(byNumber.values());
        invoices.sort(Comparator.comparing(Invoice::timestamp));
        return invoices;
    }

    private static final class Batch {
        final Set<String> invoices = new HashSet<>();
        BigDecimal monetary = new BigDecimal("0.00");
        Instant lastPurchase = Instant.MIN;
    }

    /** The textbook computation, straight from the rows. */
    private static Map<String, Batch> batchComputation(List<String[]> rows) {
        Map<String, Batch> customers = new HashMap<>();
        for (String[] row : rows) {
            int quantity = Integer.parseInt(row[3]);
            BigDecimal price = new BigDecimal(row[5]);
            if (row[0].startsWith("C") || row[6].isEmpty() || quantity <= 0 || price.signum() <= 0) {
                continue;
            }
            Batch batch = customers.computeIfAbsent(row[6], id -> new Batch());
            batch.invoices.add(row[0]);
            batch.monetary = batch.monetary.add(price.multiply(BigDecimal.valueOf(quantity)));
            Instant date = LocalDateTime.parse(row[4], UCI_DATE).toInstant(ZoneOffset.UTC);
            if (date.isAfter(batch.lastPurchase)) {
                batch.lastPurchase = date;
            }
        }
        return customers;
    }
}
