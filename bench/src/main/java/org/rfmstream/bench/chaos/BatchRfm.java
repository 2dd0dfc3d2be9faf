package org.rfmstream.bench.chaos;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What every customer's profile must be, computed in one batch pass over the CSV file, the way an analyst would,
 * and on purpose without any of the project's own code (neither the replay's reader nor the topology's state): the
 * suite compares the streaming result with this.
 *
 * <p>The rules are the README's. One event per invoice (a run of rows with the same InvoiceNo); rows without a
 * CustomerID, or with a quantity or price not above zero, do not count; an invoice starting with {@code C} is a refund
 * of the quantities given (negative in the file); the amount is the sum of quantity × price rounded half-up to the cent,
 * and an invoice without a positive amount is no event. The same invoice number for the same customer counts once.
 * Then, per customer: frequency is the number of purchases, monetary the purchases minus the refunds (never below
 * zero), refunded the refunds, first and last purchase the earliest and latest purchase time.
 */
final class BatchRfm {

    /** One invoice as an event. */
    record Event(String eventId, String customerId, boolean purchase, Instant timestamp, BigDecimal amount) {
    }

    /** A customer's expected figures. {@code firstPurchase} and {@code lastPurchase} are null without purchases. */
    record Expected(String customerId, long frequency, BigDecimal monetary, BigDecimal refunded, Instant firstPurchase,
                    Instant lastPurchase) {
    }

    private static final DateTimeFormatter UCI_DATE = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");

    private BatchRfm() {
    }

    /** The events of a UCI-format file, in file order. */
    static List<Event> events(Path csv) {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            List<Event> events = new ArrayList<>();
            Invoice open = null;
            for (CSVRecord row : parser) {
                String invoiceNo = row.get("InvoiceNo").trim();
                if (open == null || !open.invoiceNo.equals(invoiceNo)) {
                    if (open != null) {
                        open.toEvent().ifPresent(events::add);
                    }
                    open = new Invoice(invoiceNo);
                }
                open.add(row);
            }
            if (open != null) {
                open.toEvent().ifPresent(events::add);
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    /** Every customer's expected profile from {@code events}, in customer id order. */
    static Map<String, Expected> profiles(Collection<Event> events) {
        Map<String, Totals> totals = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Event event : events) {
            if (!seen.add(event.customerId() + "\u0000" + event.eventId())) {
                continue;
            }
            totals.computeIfAbsent(event.customerId(), id -> new Totals()).add(event);
        }
        Map<String, Expected> expected = new TreeMap<>();
        totals.forEach((customerId, sum) -> expected.put(customerId, sum.toExpected(customerId)));
        return expected;
    }

    /** The latest event time: where the history ends. */
    static Instant end(Collection<Event> events) {
        return events.stream().map(Event::timestamp).max(Instant::compareTo).orElseThrow();
    }

    private static final class Invoice {
        private final String invoiceNo;
        private final boolean refund;
        private String customerId;
        private Instant timestamp;
        private BigDecimal total = BigDecimal.ZERO;

        Invoice(String invoiceNo) {
            this.invoiceNo = invoiceNo;
            this.refund = invoiceNo.startsWith("C");
        }

        void add(CSVRecord row) {
            String customer = row.get("CustomerID").trim();
            if (customer.endsWith(".0")) {
                customer = customer.substring(0, customer.length() - 2);
            }
            if (customer.isEmpty()) {
                return;
            }
            int quantity = Integer.parseInt(row.get("Quantity").trim());
            if (refund) {
                quantity = -quantity;
            }
            BigDecimal price = new BigDecimal(row.get("UnitPrice").trim());
            if (quantity <= 0 || price.signum() <= 0) {
                return;
            }
            if (customerId == null) {
                customerId = customer;
                timestamp = LocalDateTime.parse(row.get("InvoiceDate").trim(), UCI_DATE).toInstant(ZoneOffset.UTC);
            } else if (!customerId.equals(customer)) {
                return;
            }
            total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
        }

        java.util.Optional<Event> toEvent() {
            BigDecimal amount = total.setScale(2, RoundingMode.HALF_UP);
            if (customerId == null || amount.signum() <= 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Event(invoiceNo, customerId, !refund, timestamp, amount));
        }
    }

    private static final class Totals {
        private long purchases;
        private BigDecimal bought = BigDecimal.ZERO;
        private BigDecimal refunded = BigDecimal.ZERO;
        private Instant first;
        private Instant last;

        void add(Event event) {
            if (!event.purchase()) {
                refunded = refunded.add(event.amount());
                return;
            }
            purchases++;
            bought = bought.add(event.amount());
            first = first == null || event.timestamp().isBefore(first) ? event.timestamp() : first;
            last = last == null || event.timestamp().isAfter(last) ? event.timestamp() : last;
        }

        Expected toExpected(String customerId) {
            BigDecimal monetary = bought.subtract(refunded).max(BigDecimal.ZERO).setScale(2, RoundingMode.UNNECESSARY);
            return new Expected(customerId, purchases, monetary, refunded.setScale(2, RoundingMode.UNNECESSARY),
                    first, last);
        }
    }
}
