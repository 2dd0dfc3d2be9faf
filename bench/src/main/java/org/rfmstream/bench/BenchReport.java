package org.rfmstream.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rfmstream.bench.support.Medians;
import org.rfmstream.schemas.Json;

/**
 * The machine-readable result of one benchmark: {@code docs/benchmarks/<name>.json}. Every figure of
 * {@link #median()} is the median of that figure over {@link #runs()}; ratios are computed inside each run (same
 * broker, same minute) and only then taken the median of.
 *
 * @param parameters sizes, rates, settings such as the commit interval
 * @param runs       each run's figures, in order
 * @param median     per figure, the median over the runs
 * @param targets    the targets checked against the medians
 * @param notes      what a reader needs to interpret the figures
 */
@JsonPropertyOrder({"benchmark", "description", "command", "startedAt", "finishedAt", "machine", "parameters",
        "runs", "median", "targets", "notes", "extra"})
public record BenchReport(String benchmark, String description, String command, Instant startedAt,
                          Instant finishedAt, Machine machine, Map<String, Object> parameters,
                          List<Map<String, Double>> runs, Map<String, Double> median, List<Target> targets,
                          List<String> notes, Map<String, Object> extra) {

    /** One target of the issue: {@code value} compared with {@code limit} ({@code atMost} or at least). */
    public record Target(String name, String figure, double limit, boolean atMost, double value, boolean met,
                         String unit) {

        public static Target atMost(String name, String figure, double limit, Map<String, Double> median, String unit) {
            double value = median.getOrDefault(figure, Double.NaN);
            return new Target(name, figure, limit, true, value, value <= limit, unit);
        }

        public static Target atLeast(String name, String figure, double limit, Map<String, Double> median,
                                     String unit) {
            double value = median.getOrDefault(figure, Double.NaN);
            return new Target(name, figure, limit, false, value, value >= limit, unit);
        }

        /** How far from the target, as a factor: above 1 means missed by that factor. */
        public double missFactor() {
            return atMost ? value / limit : limit / value;
        }
    }

    /** Collects the runs of one benchmark and produces the report. */
    public static final class Builder {
        private final String benchmark;
        private final String description;
        private final Instant startedAt = Instant.now();
        private final Machine machine = Machine.current();
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private final List<Map<String, Double>> runs = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Object> extra = new LinkedHashMap<>();
        private String command;

        public Builder(String benchmark, String description) {
            this.benchmark = benchmark;
            this.description = description;
        }

        public Builder command(String value) {
            command = value;
            return this;
        }

        public Builder parameter(String name, Object value) {
            parameters.put(name, value);
            return this;
        }

        public Builder run(Map<String, Double> figures) {
            runs.add(new LinkedHashMap<>(figures));
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        /** Anything structured that is not a per-run figure, e.g. a profile summary. */
        public Builder extra(String name, Object value) {
            extra.put(name, value);
            return this;
        }

        public Map<String, Double> median() {
            return Medians.of(runs);
        }

        public BenchReport build(List<Target> targets) {
            return new BenchReport(benchmark, description, command, startedAt, Instant.now(), machine,
                    new LinkedHashMap<>(parameters), List.copyOf(runs),
                    median(), List.copyOf(targets), List.copyOf(notes), new LinkedHashMap<>(extra));
        }
    }

    /** Writes {@code <dir>/<benchmark>.json} and returns its path. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(benchmark + ".json");
            Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of " + benchmark + " to " + dir, e);
        }
    }
}
