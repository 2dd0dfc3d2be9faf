package org.rfmstream.bench.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated history of a run ({@code ops generate}), cut in two at an invoice boundary: the first part is loaded
 * as fast as possible before the first model is trained, the second is replayed at a fixed rate while the fault
 * happens. The batch computation of each part is done once.
 */
record History(Path whole, Path load, Path live, List<BatchRfm.Event> loadEvents, List<BatchRfm.Event> liveEvents) {

    /** The earliest event time: the valid stray purchases are dated there, a time every task has long passed. */
    Instant start() {
        return allEvents().stream().map(BatchRfm.Event::timestamp).min(Instant::compareTo).orElseThrow();
    }

    List<BatchRfm.Event> allEvents() {
        List<BatchRfm.Event> all = new ArrayList<>(loadEvents);
        all.addAll(liveEvents);
        return all;
    }

    /**
     * Cuts {@code whole} after about {@code loadShare} of its rows, at the first change of InvoiceNo from there, so
     * that no invoice is split.
     */
    static History split(Path whole, double loadShare, Path dir) {
        try {
            List<String> lines = Files.readAllLines(whole, StandardCharsets.UTF_8);
            String header = lines.get(0);
            int cut = Math.max(1, (int) Math.round(1 + (lines.size() - 1) * loadShare));
            while (cut < lines.size() && invoiceOf(lines.get(cut)).equals(invoiceOf(lines.get(cut - 1)))) {
                cut++;
            }
            Path load = dir.resolve("history-load.csv");
            Path live = dir.resolve("history-live.csv");
            write(load, header, lines.subList(1, cut));
            write(live, header, lines.subList(cut, lines.size()));
            return new History(whole, load, live, BatchRfm.events(load), BatchRfm.events(live));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot split " + whole, e);
        }
    }

    private static String invoiceOf(String line) {
        int comma = line.indexOf(',');
        return comma < 0 ? line : line.substring(0, comma);
    }

    private static void write(Path file, String header, List<String> rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(header);
            out.newLine();
            for (String row : rows) {
                out.write(row);
                out.newLine();
            }
        }
    }
}
