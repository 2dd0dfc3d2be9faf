package org.rfmstream.ops.generate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rfmstream.ops.OpsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes a seeded synthetic data set in the UCI Online Retail CSV format.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--customers", required = true, description = "number of customers (about 25 rows each)")
    private int customers;

    @Option(names = "--out", required = true, description = "the CSV file to write")
    private Path out;

    @Option(names = "--seed", defaultValue = "42", description = "random seed; the same seed gives the same file (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--truth", description = "also write CustomerID,persona to this file")
    private Path truth;

    @Override
    public Integer call() {
        if (customers < 1) {
            throw new OpsException("--customers must be at least 1, is " + customers);
        }
        long started = System.nanoTime();
        RetailDataGenerator generator = new RetailDataGenerator(seed, customers);
        RetailDataGenerator.Summary summary;
        try {
            createParent(out);
            try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                summary = generator.write(writer);
            }
            if (truth != null) {
                createParent(truth);
                try (Writer writer = Files.newBufferedWriter(truth, StandardCharsets.UTF_8)) {
                    generator.writeTruth(writer);
                }
            }
        } catch (IOException e) {
            throw new OpsException("cannot write " + out + ": " + e.getMessage(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("Wrote %,d rows (%,d invoices: %,d purchases, %,d cancellations, %,d guest, %,d adjustments) "
                        + "for %,d customers to %s in %.1f s%n", summary.rows(), summary.invoices(), summary.purchases(),
                summary.cancellations(), summary.guestInvoices(), summary.adjustments(), customers, out,
                took.toMillis() / 1000.0);
        summary.customersByPersona().forEach((persona, count) ->
                System.out.printf("  %-14s %,d customers%n", persona.id(), count));
        if (truth != null) {
            System.out.println("Personas written to " + truth);
        }
        return 0;
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
