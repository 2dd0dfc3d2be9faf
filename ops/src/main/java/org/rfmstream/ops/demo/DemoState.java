package org.rfmstream.ops.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Properties;
import org.rfmstream.ops.OpsException;

/**
 * What a demo data directory holds, kept in {@code demo.properties}: the generator's customers and seed (so a later
 * run keeps producing for the same customers), whether the history was sent in full and its span, and how many runs
 * there were (each run's event ids and new customer ids differ).
 */
record DemoState(int customers, long seed, boolean historyComplete, long historyEvents, Instant historyStart,
                 Instant historyEnd, int runs) {

    static final String FILE = "demo.properties";

    /** A first run, before its history is sent. */
    static DemoState starting(int customers, long seed) {
        return new DemoState(customers, seed, false, 0, Instant.EPOCH, Instant.EPOCH, 1);
    }

    DemoState withHistory(long events, Instant start, Instant end) {
        return new DemoState(customers, seed, true, events, start, end, runs);
    }

    DemoState nextRun() {
        return new DemoState(customers, seed, historyComplete, historyEvents, historyStart, historyEnd, runs + 1);
    }

    /** The state in {@code dir}, or null if there is none. */
    static DemoState read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return new DemoState(
                    Integer.parseInt(properties.getProperty("customers")),
                    Long.parseLong(properties.getProperty("seed")),
                    Boolean.parseBoolean(properties.getProperty("history.complete")),
                    Long.parseLong(properties.getProperty("history.events")),
                    Instant.parse(properties.getProperty("history.start")),
                    Instant.parse(properties.getProperty("history.end")),
                    Integer.parseInt(properties.getProperty("runs")));
        } catch (IOException | RuntimeException e) {
            throw new OpsException(file + " is unreadable (" + e.getMessage() + "): start over with --reset");
        }
    }

    /** Writes the state atomically, so an interrupted write never leaves half a file. */
    void write(Path dir) {
        Properties properties = new Properties();
        properties.setProperty("customers", String.valueOf(customers));
        properties.setProperty("seed", String.valueOf(seed));
        properties.setProperty("history.complete", String.valueOf(historyComplete));
        properties.setProperty("history.events", String.valueOf(historyEvents));
        properties.setProperty("history.start", historyStart.toString());
        properties.setProperty("history.end", historyEnd.toString());
        properties.setProperty("runs", String.valueOf(runs));
        Path file = dir.resolve(FILE);
        Path temporary = dir.resolve(FILE + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "rfm-stream demo data directory");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OpsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
