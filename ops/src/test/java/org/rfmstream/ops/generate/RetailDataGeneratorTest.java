package org.rfmstream.ops.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated file is checked with Commons CSV directly, not with the project's own reader, so that the two
 * cannot share a mistake.
 */
class RetailDataGeneratorTest {

    private static final int CUSTOMERS = 1500;
    private static final DateTimeFormatter UCI = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");
    private static final LocalDateTime END = LocalDateTime.of(2011, 12, 10, 0, 0);

    private static String csv;
    private static List<CSVRecord> rows;
    private static RetailDataGenerator.Summary summary;
    private static RetailDataGenerator generator;

    @BeforeAll
    static void generate() throws IOException {
        generator = new RetailDataGenerator(42, CUSTOMERS);
        StringWriter out = new StringWriter();
        summary = generator.write(out);
        csv = out.toString();
        rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))
                .getRecords();
    }

    private static String write(long seed, int customers) throws IOException {
        StringWriter out = new StringWriter();
        new RetailDataGenerator(seed, customers).write(out);
        return out.toString();
    }

    @Test
    void theSameSeedGivesTheSameFileByteForByteAndAnotherSeedAnotherFile() throws IOException {
        assertThat(write(42, CUSTOMERS)).isEqualTo(csv);
        assertThat(write(43, CUSTOMERS)).isNotEqualTo(csv);
    }

    @Test
    void theFileHasTheUciHeaderAndTheRowsTheSummaryCounts() {
        assertThat(csv).startsWith("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        assertThat(rows).hasSize((int) summary.rows());
        Set<String> invoices = new HashSet<>();
        rows.forEach(row -> invoices.add(row.get("InvoiceNo")));
        assertThat(invoices).hasSize((int) summary.invoices());
        assertThat(summary.rows()).as("about 25 rows per customer").isBetween(15L * CUSTOMERS, 45L * CUSTOMERS);
    }

    @Test
    void invoicesHaveSeveralLinesAreConsecutiveAndNumberedInTimeOrderOverAboutAYear() {
        Map<String, Integer> linesPerInvoice = new HashMap<>();
        Set<String> finished = new HashSet<>();
        String previous = null;
        LocalDateTime previousTime = LocalDateTime.MIN;
        int previousNumber = 0;
        for (CSVRecord row : rows) {
            String invoice = row.get("InvoiceNo");
            LocalDateTime time = LocalDateTime.parse(row.get("InvoiceDate"), UCI);
            if (!invoice.equals(previous)) {
                assertThat(finished.add(invoice)).as("invoice %s appears in one block", invoice).isTrue();
                int number = Integer.parseInt(invoice.replaceFirst("^[CA]", ""));
                assertThat(number).isGreaterThan(previousNumber);
                assertThat(time).isAfterOrEqualTo(previousTime);
                previousNumber = number;
                previousTime = time;
                previous = invoice;
            }
            linesPerInvoice.merge(invoice, 1, Integer::sum);
        }
        assertThat(linesPerInvoice.values().stream().filter(lines -> lines >= 3).count())
                .as("invoices with 3 lines or more").isGreaterThan(linesPerInvoice.size() / 2);
        LocalDateTime first = LocalDateTime.parse(rows.getFirst().get("InvoiceDate"), UCI);
        LocalDateTime last = LocalDateTime.parse(rows.getLast().get("InvoiceDate"), UCI);
        assertThat(first).isAfterOrEqualTo(LocalDateTime.of(2010, 12, 1, 0, 0));
        assertThat(last).isBefore(END);
        assertThat(Duration.between(first, last).toDays()).isBetween(360L, 374L);
    }

    @Test
    void containsEveryQuirkOfTheUciFile() {
        assertThat(rows).as("cancellations with negative quantities").anySatisfy(row -> {
            assertThat(row.get("InvoiceNo")).startsWith("C");
            assertThat(Integer.parseInt(row.get("Quantity"))).isNegative();
            assertThat(row.get("CustomerID")).isNotEmpty();
        });
        assertThat(rows).as("cancellations always have negative quantities")
                .filteredOn(row -> row.get("InvoiceNo").startsWith("C"))
                .allSatisfy(row -> assertThat(Integer.parseInt(row.get("Quantity"))).isNegative());
        assertThat(rows).as("guest rows").anySatisfy(row -> {
            assertThat(row.get("CustomerID")).isEmpty();
            assertThat(new BigDecimal(row.get("UnitPrice"))).isPositive();
        });
        assertThat(rows).as("bad-debt adjustments").anySatisfy(row -> {
            assertThat(row.get("InvoiceNo")).startsWith("A");
            assertThat(row.get("Description")).isEqualTo("Adjust bad debt");
            assertThat(new BigDecimal(row.get("UnitPrice"))).isNegative();
        });
        assertThat(rows).as("zero-price lines of customers").anySatisfy(row -> {
            assertThat(row.get("UnitPrice")).isEqualTo("0");
            assertThat(row.get("CustomerID")).isNotEmpty();
        });
        assertThat(rows).as("negative quantities in a customer's purchase").anySatisfy(row -> {
            assertThat(row.get("InvoiceNo")).doesNotStartWith("C");
            assertThat(row.get("CustomerID")).isNotEmpty();
            assertThat(Integer.parseInt(row.get("Quantity"))).isNegative();
        });
        assertThat(rows).as("postage lines").anySatisfy(row -> assertThat(row.get("StockCode")).isEqualTo("POST"));
        assertThat(rows).as("descriptions with commas").anySatisfy(row -> assertThat(row.get("Description")).contains(","));
        assertThat(rows).as("descriptions with quotes").anySatisfy(row -> assertThat(row.get("Description")).contains("\""));
        assertThat(csv).as("commas and quotes are quoted in the file").contains(",\"PINK POLKADOT DOORMAT, SET OF 3\",")
                .containsPattern(",\"[A-Z -]+ \"\"[A-Z ]+\"\"\",");
        assertThat(rows).as("dates in the UCI format").allSatisfy(row ->
                assertThat(row.get("InvoiceDate")).matches("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}"));
    }

    @Test
    void theTruthNamesEveryCustomerOnceWithOneOfFivePersonasInRoughlyTheirShares() throws IOException {
        StringWriter out = new StringWriter();
        generator.writeTruth(out);
        List<CSVRecord> truth = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString())).getRecords();

        assertThat(out.toString()).startsWith("CustomerID,persona\n");
        assertThat(truth).hasSize(CUSTOMERS);
        assertThat(truth).extracting(row -> row.get("CustomerID")).doesNotHaveDuplicates();
        Map<String, Integer> perPersona = new HashMap<>();
        truth.forEach(row -> perPersona.merge(row.get("persona"), 1, Integer::sum));
        assertThat(perPersona.keySet()).containsExactlyInAnyOrder("champions", "loyal", "new-customers", "at-risk", "lost");
        for (Persona persona : Persona.values()) {
            assertThat(perPersona.get(persona.id()) / (double) CUSTOMERS).as(persona.id())
                    .isCloseTo(persona.share(), org.assertj.core.data.Offset.offset(0.04));
        }
    }

    /** Recency, frequency and monetary per customer, computed from the file, differ as the personas say. */
    @Test
    void thePersonasBehaveDifferentlyInRecencyFrequencyAndMonetaryValue() {
        Map<String, Persona> personas = generator.personas();
        Map<String, LocalDateTime> first = new HashMap<>();
        Map<String, LocalDateTime> last = new HashMap<>();
        Map<String, Set<String>> orders = new HashMap<>();
        Map<String, BigDecimal> spent = new HashMap<>();
        for (CSVRecord row : rows) {
            String customer = row.get("CustomerID");
            if (customer.isEmpty() || row.get("InvoiceNo").startsWith("C")) {
                continue;
            }
            LocalDateTime time = LocalDateTime.parse(row.get("InvoiceDate"), UCI);
            first.merge(customer, time, (a, b) -> a.isBefore(b) ? a : b);
            last.merge(customer, time, (a, b) -> a.isAfter(b) ? a : b);
            orders.computeIfAbsent(customer, c -> new HashSet<>()).add(row.get("InvoiceNo"));
            BigDecimal line = new BigDecimal(row.get("UnitPrice")).multiply(new BigDecimal(row.get("Quantity")));
            spent.merge(customer, line, BigDecimal::add);
        }
        assertThat(last.keySet()).as("every customer bought something").containsExactlyInAnyOrderElementsOf(personas.keySet());

        Map<Persona, List<Double>> recency = new HashMap<>();
        Map<Persona, List<Double>> frequency = new HashMap<>();
        Map<Persona, List<Double>> monetary = new HashMap<>();
        personas.forEach((customer, persona) -> {
            recency.computeIfAbsent(persona, p -> new ArrayList<>()).add((double) Duration.between(last.get(customer), END).toDays());
            frequency.computeIfAbsent(persona, p -> new ArrayList<>()).add((double) orders.get(customer).size());
            monetary.computeIfAbsent(persona, p -> new ArrayList<>()).add(spent.get(customer).doubleValue());
        });

        assertThat(max(recency.get(Persona.CHAMPIONS))).isLessThanOrEqualTo(15);
        assertThat(max(recency.get(Persona.LOYAL))).isLessThanOrEqualTo(46);
        assertThat(min(recency.get(Persona.AT_RISK))).isGreaterThanOrEqualTo(90);
        assertThat(max(recency.get(Persona.AT_RISK))).isLessThanOrEqualTo(181);
        assertThat(min(recency.get(Persona.LOST))).isGreaterThanOrEqualTo(200);
        personas.forEach((customer, persona) -> {
            if (persona == Persona.NEW_CUSTOMERS) {
                assertThat(Duration.between(first.get(customer), END).toDays()).as("new customer %s", customer)
                        .isLessThanOrEqualTo(46);
            }
        });
        assertThat(mean(frequency.get(Persona.CHAMPIONS))).isGreaterThan(mean(frequency.get(Persona.LOYAL)));
        assertThat(mean(frequency.get(Persona.LOYAL))).isGreaterThan(mean(frequency.get(Persona.LOST)));
        assertThat(mean(monetary.get(Persona.CHAMPIONS))).isGreaterThan(3 * mean(monetary.get(Persona.LOYAL)));
        assertThat(mean(monetary.get(Persona.AT_RISK))).isGreaterThan(3 * mean(monetary.get(Persona.LOST)));
    }

    @Test
    void refusesFewerThanOneCustomer() {
        assertThatThrownBy(() -> new RetailDataGenerator(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
