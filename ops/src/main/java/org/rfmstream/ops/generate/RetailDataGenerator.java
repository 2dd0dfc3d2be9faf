package org.rfmstream.ops.generate;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rfmstream.ops.generate.ProductCatalog.Product;
import org.rfmstream.ops.retail.RetailColumns;
import org.rfmstream.ops.retail.RetailDates;

/**
 * A seeded synthetic data set in the UCI Online Retail CSV format, about a year of history (1 Dec 2010 to 9 Dec
 * 2011, as in the UCI file) from customers who each follow a hidden {@link Persona}. The same seed and customer
 * count give a byte-identical file.
 *
 * <p>It has the quirks of the real file: several lines per invoice, invoices in time order with increasing numbers,
 * cancellations ({@code C...}, negative quantities, a few days after the order), guest invoices without a
 * CustomerID, bad-debt adjustments ({@code A...}, negative price) and damaged-stock rows (negative quantity, zero
 * price) without a CustomerID, free lines at price 0, the odd negative quantity inside a purchase, postage lines
 * for customers abroad, and descriptions with commas and double quotes.
 *
 * <p>Invoices are planned first (time, customer, a seed for their lines), sorted by time and only then expanded
 * into rows while writing, so memory grows with the number of invoices, not of rows.
 */
public final class RetailDataGenerator {

    public static final LocalDateTime HISTORY_START = LocalDateTime.of(2010, 12, 1, 0, 0);
    /** 1 Dec 2010 to 9 Dec 2011 inclusive. */
    public static final int HISTORY_DAYS = 374;
    public static final int FIRST_INVOICE_NUMBER = 536365;
    public static final int FIRST_CUSTOMER_ID = 12346;

    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final int OPENING_MINUTE = 7 * 60;
    private static final int OPEN_MINUTES = 13 * 60;
    private static final String HOME_COUNTRY = "United Kingdom";
    private static final String[] ABROAD = {
        "Germany", "France", "EIRE", "Spain", "Netherlands", "Belgium", "Switzerland", "Portugal", "Australia", "Norway",
    };
    private static final double HOME_SHARE = 0.88;
    private static final double GUEST_INVOICES_PER_CUSTOMER = 0.5;
    private static final double FREE_LINE_RATE = 0.01;
    private static final double NEGATIVE_LINE_RATE = 0.002;
    private static final double POSTAGE_RATE = 0.5;

    private enum Kind { PURCHASE, CANCELLATION, GUEST, ADJUSTMENT, DAMAGED }

    /** One invoice to write: its rows are drawn from {@code lineSeed} when it is written. */
    private record Plan(int minute, int ordinal, Kind kind, int customer, long lineSeed, int lineCount) {
    }

    private record Customer(String id, Persona persona, String country) {
    }

    private record Line(Product product, int quantity, BigDecimal unitPrice) {
    }

    /** What was written. */
    /**
     * @param adjustments bad-debt adjustments and damaged-stock rows, both without a CustomerID
     */
    public record Summary(long rows, long invoices, long purchases, long cancellations, long guestInvoices,
                          long adjustments, Map<Persona, Integer> customersByPersona) {
    }

    private final long seed;
    private final ProductCatalog catalog = new ProductCatalog();
    private final List<Customer> customers;

    public RetailDataGenerator(long seed, int customerCount) {
        if (customerCount < 1) {
            throw new IllegalArgumentException("the number of customers must be at least 1, is " + customerCount);
        }
        this.seed = seed;
        this.customers = new ArrayList<>(customerCount);
        for (int i = 0; i < customerCount; i++) {
            SplittableRandom random = randomFor(1, i);
            String country = random.nextDouble() < HOME_SHARE ? HOME_COUNTRY : ABROAD[random.nextInt(ABROAD.length)];
            customers.add(new Customer(String.valueOf(FIRST_CUSTOMER_ID + i), drawPersona(random), country));
        }
    }

    /** The customers' hidden personas, in CustomerID order. */
    public Map<String, Persona> personas() {
        Map<String, Persona> byId = new java.util.LinkedHashMap<>();
        customers.forEach(customer -> byId.put(customer.id(), customer.persona()));
        return byId;
    }

    /** {@code CustomerID,persona}, one line per customer: what a segmentation should find. */
    public void writeTruth(Writer out) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader("CustomerID", "persona").setRecordSeparator('\n').get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (Customer customer : customers) {
                printer.printRecord(customer.id(), customer.persona().id());
            }
        }
    }

    public Summary write(Writer out) throws IOException {
        List<Plan> plans = plan();
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader(RetailColumns.HEADER.toArray(String[]::new))
                .setRecordSeparator('\n')
                .get();
        long rows = 0;
        long purchases = 0;
        long cancellations = 0;
        long guests = 0;
        long adjustments = 0;
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            int number = FIRST_INVOICE_NUMBER;
            for (Plan plan : plans) {
                String date = RetailDates.format(HISTORY_START.plusMinutes(plan.minute()));
                String invoice = String.valueOf(number++);
                switch (plan.kind()) {
                    case PURCHASE -> {
                        Customer customer = customers.get(plan.customer());
                        for (Line line : purchaseLines(plan, customer)) {
                            print(printer, invoice, line, date, customer.id(), customer.country());
                            rows++;
                        }
                        purchases++;
                    }
                    case CANCELLATION -> {
                        Customer customer = customers.get(plan.customer());
                        List<Line> lines = cancelledLines(plan, customer);
                        for (Line line : lines) {
                            print(printer, RetailColumns.CANCELLATION_PREFIX + invoice, line, date, customer.id(),
                                    customer.country());
                            rows++;
                        }
                        cancellations += lines.isEmpty() ? 0 : 1;
                    }
                    case GUEST -> {
                        SplittableRandom random = new SplittableRandom(plan.lineSeed());
                        String country = random.nextDouble() < HOME_SHARE ? HOME_COUNTRY : ABROAD[random.nextInt(ABROAD.length)];
                        for (int i = 0; i < plan.lineCount(); i++) {
                            Product product = catalog.get(random.nextInt(catalog.size()));
                            print(printer, invoice, new Line(product, 1 + random.nextInt(12), product.unitPrice()), date,
                                    "", country);
                            rows++;
                        }
                        guests++;
                    }
                    case ADJUSTMENT -> {
                        SplittableRandom random = new SplittableRandom(plan.lineSeed());
                        BigDecimal debt = BigDecimal.valueOf(-(100 + random.nextInt(1_000_000)), 2);
                        printer.printRecord("A" + invoice, "B", "Adjust bad debt", 1, date, debt.toPlainString(), "",
                                HOME_COUNTRY);
                        rows++;
                        adjustments++;
                    }
                    case DAMAGED -> {
                        SplittableRandom random = new SplittableRandom(plan.lineSeed());
                        Product product = catalog.get(random.nextInt(catalog.size()));
                        printer.printRecord(invoice, product.stockCode(), "damaged", -(1 + random.nextInt(50)), date,
                                "0", "", HOME_COUNTRY);
                        rows++;
                        adjustments++;
                    }
                }
            }
        }
        Map<Persona, Integer> byPersona = new EnumMap<>(Persona.class);
        customers.forEach(customer -> byPersona.merge(customer.persona(), 1, Integer::sum));
        return new Summary(rows, purchases + cancellations + guests + adjustments, purchases, cancellations, guests,
                adjustments, byPersona);
    }

    private static void print(CSVPrinter printer, String invoice, Line line, String date, String customerId,
                              String country) throws IOException {
        printer.printRecord(invoice, line.product().stockCode(), line.product().description(), line.quantity(), date,
                price(line.unitPrice()), customerId, country);
    }

    private static String price(BigDecimal unitPrice) {
        return unitPrice.signum() == 0 ? "0" : unitPrice.toPlainString();
    }

    private List<Plan> plan() {
        List<Plan> plans = new ArrayList<>();
        for (int c = 0; c < customers.size(); c++) {
            planCustomer(c, plans);
        }
        SplittableRandom others = randomFor(3, 0);
        int guestInvoices = (int) Math.round(customers.size() * GUEST_INVOICES_PER_CUSTOMER);
        for (int i = 0; i < guestInvoices; i++) {
            plans.add(new Plan(businessMinute(others, others.nextInt(HISTORY_DAYS)), plans.size(), Kind.GUEST, -1,
                    others.nextLong(), 1 + others.nextInt(12)));
        }
        int adjustments = 1 + customers.size() / 1000;
        for (int i = 0; i < adjustments; i++) {
            plans.add(new Plan(businessMinute(others, others.nextInt(HISTORY_DAYS)), plans.size(), Kind.ADJUSTMENT, -1,
                    others.nextLong(), 1));
            plans.add(new Plan(businessMinute(others, others.nextInt(HISTORY_DAYS)), plans.size(), Kind.DAMAGED, -1,
                    others.nextLong(), 1));
        }
        plans.sort(Comparator.comparingInt(Plan::minute).thenComparingInt(Plan::ordinal));
        return plans;
    }

    private void planCustomer(int index, List<Plan> plans) {
        Persona persona = customers.get(index).persona();
        SplittableRandom random = randomFor(2, index);
        int firstDaysAgo = between(random, persona.firstDaysAgoMin(), persona.firstDaysAgoMax());
        int lastDaysAgo = persona.lastDaysAgoMin() > firstDaysAgo
                ? firstDaysAgo
                : between(random, persona.lastDaysAgoMin(), Math.min(persona.lastDaysAgoMax(), firstDaysAgo));
        int orders = between(random, persona.ordersMin(), persona.ordersMax());
        int firstDay = HISTORY_DAYS - 1 - firstDaysAgo;
        int lastDay = HISTORY_DAYS - 1 - lastDaysAgo;
        for (int o = 0; o < orders; o++) {
            int day = orders == 1 ? lastDay : o == 0 ? firstDay : o == orders - 1 ? lastDay : between(random, firstDay, lastDay);
            int minute = businessMinute(random, day);
            long lineSeed = random.nextLong();
            int lineCount = between(random, persona.linesMin(), persona.linesMax());
            plans.add(new Plan(minute, plans.size(), Kind.PURCHASE, index, lineSeed, lineCount));
            if (random.nextDouble() < persona.cancellationRate()) {
                int cancelledAt = minute + 1 + random.nextInt(10 * MINUTES_PER_DAY);
                if (cancelledAt < HISTORY_DAYS * MINUTES_PER_DAY) {
                    plans.add(new Plan(cancelledAt, plans.size(), Kind.CANCELLATION, index, lineSeed, lineCount));
                }
            }
        }
    }

    /** The order's lines, drawn again from its seed; a cancellation draws the same ones. */
    private List<Line> purchaseLines(Plan plan, Customer customer) {
        Persona persona = customer.persona();
        SplittableRandom random = new SplittableRandom(plan.lineSeed());
        List<Line> lines = new ArrayList<>(plan.lineCount() + 1);
        for (int i = 0; i < plan.lineCount(); i++) {
            Product product = catalog.get(random.nextInt(catalog.size()));
            int quantity = between(random, persona.quantityMin(), persona.quantityMax());
            double quirk = random.nextDouble();
            if (quirk < FREE_LINE_RATE) {
                lines.add(new Line(product, quantity, BigDecimal.ZERO));
            } else if (quirk < FREE_LINE_RATE + NEGATIVE_LINE_RATE) {
                lines.add(new Line(product, -quantity, product.unitPrice()));
            } else {
                lines.add(new Line(product, quantity, product.unitPrice()));
            }
        }
        if (!HOME_COUNTRY.equals(customer.country()) && random.nextDouble() < POSTAGE_RATE) {
            lines.add(new Line(ProductCatalog.POSTAGE, 1 + random.nextInt(3), ProductCatalog.POSTAGE.unitPrice()));
        }
        return lines;
    }

    /** Some of the order's ordinary lines, each with part or all of its quantity returned (negative). */
    private List<Line> cancelledLines(Plan plan, Customer customer) {
        List<Line> ordered = purchaseLines(plan, customer).stream()
                .filter(line -> line.quantity() > 0 && line.unitPrice().signum() > 0)
                .toList();
        SplittableRandom random = new SplittableRandom(plan.lineSeed() ^ 0x5DEECE66DL);
        List<Line> returned = new ArrayList<>();
        for (Line line : ordered) {
            if (random.nextBoolean()) {
                returned.add(new Line(line.product(), -between(random, 1, line.quantity()), line.unitPrice()));
            }
        }
        if (returned.isEmpty() && !ordered.isEmpty()) {
            Line line = ordered.get(0);
            returned.add(new Line(line.product(), -line.quantity(), line.unitPrice()));
        }
        return returned;
    }

    private static int businessMinute(SplittableRandom random, int day) {
        return day * MINUTES_PER_DAY + OPENING_MINUTE + random.nextInt(OPEN_MINUTES);
    }

    private static int between(SplittableRandom random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    private static Persona drawPersona(SplittableRandom random) {
        double draw = random.nextDouble();
        double cumulative = 0;
        for (Persona persona : Persona.values()) {
            cumulative += persona.share();
            if (draw < cumulative) {
                return persona;
            }
        }
        return Persona.values()[Persona.values().length - 1];
    }

    /** An independent stream of random numbers for each purpose and index, all from the one seed. */
    private SplittableRandom randomFor(int purpose, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + purpose * 0xBF58476D1CE4E5B9L + index);
    }
}
