package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.ops.generate.RetailDataGenerator;
import org.rfmstream.ops.retail.CancellationPolicy;
import org.rfmstream.ops.retail.InvoiceAssembler;
import org.rfmstream.ops.retail.RetailCsvReader;
import org.rfmstream.schemas.Transaction;

class HistoryTest {

    private static final Instant START_OF_DEMO = Instant.parse("2026-11-21T09:30:00Z");

    @TempDir
    Path dir;

    private List<Transaction> shiftedHistory(int customers) throws IOException {
        Path csv = dir.resolve("history.csv");
        History.generate(new RetailDataGenerator(11, customers), csv);
        Duration shift = History.shiftEndingAt(START_OF_DEMO);
        List<Transaction> events = new ArrayList<>();
        try (InputStream in = Files.newInputStream(csv); RetailCsvReader reader = RetailCsvReader.of(in)) {
            InvoiceAssembler.assemble(reader, CancellationPolicy.REFUND, "GBP",
                    event -> events.add(History.shifted(event, shift)));
        }
        return events;
    }

    @Test
    void theGeneratedYearEndsJustBeforeTheDemoStarts() throws IOException {
        List<Transaction> events = shiftedHistory(300);

        Instant first = events.stream().map(Transaction::timestamp).min(Instant::compareTo).orElseThrow();
        Instant last = events.stream().map(Transaction::timestamp).max(Instant::compareTo).orElseThrow();
        assertThat(last).isBefore(START_OF_DEMO).isAfter(START_OF_DEMO.minus(Duration.ofDays(2)));
        assertThat(first).isAfter(START_OF_DEMO.minus(Duration.ofDays(RetailDataGenerator.HISTORY_DAYS + 1)))
                .isBefore(START_OF_DEMO.minus(Duration.ofDays(360)));
    }

    @Test
    void shiftingMovesOnlyTheTime() {
        Transaction original = new Transaction("536365", "17850", org.rfmstream.schemas.TransactionType.PURCHASE,
                Instant.parse("2011-12-09T12:50:00Z"), new java.math.BigDecimal("15.30"), "GBP", "United Kingdom",
                List.of(new org.rfmstream.schemas.TransactionLine("85123A", 6, new java.math.BigDecimal("2.55"))));

        Transaction shifted = History.shifted(original, History.shiftEndingAt(START_OF_DEMO));

        assertThat(shifted.timestamp()).isEqualTo(START_OF_DEMO.minus(Duration.ofHours(11).plusMinutes(10)));
        assertThat(shifted).usingRecursiveComparison().ignoringFields("timestamp").isEqualTo(original);
    }
}
