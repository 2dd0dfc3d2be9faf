package org.rfmstream.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scrape of a {@code /metrics} endpoint in the Prometheus text format, parsed into samples, so a test can ask
 * for a series by name and labels instead of matching text.
 */
public final class PrometheusScrape {

    /** One line of the scrape: {@code name{label="value",...} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    public static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            samples.add(sample(trimmed));
        }
        return new PrometheusScrape(samples);
    }

    /** Several scrapes (e.g. of several programs) as one. */
    public static PrometheusScrape union(PrometheusScrape... scrapes) {
        List<Sample> all = new ArrayList<>();
        for (PrometheusScrape scrape : scrapes) {
            all.addAll(scrape.samples);
        }
        return new PrometheusScrape(all);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The value of the first sample of the series with all the given labels, or null if there is none. */
    public Double value(String name, Map<String, String> labels) {
        return samples(name).stream()
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                .map(Sample::value)
                .findFirst()
                .orElse(null);
    }

    /** Every series name in the scrape. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }

    public boolean hasNameStartingWith(String prefix) {
        return samples.stream().anyMatch(sample -> sample.name().startsWith(prefix));
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /** The sum of the series' samples whose labels include all the given ones; 0 if there is none. */
    public double sum(String name, Map<String, String> labels) {
        return samples(name).stream()
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    public double sum(String name) {
        return sum(name, Map.of());
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            rest = labels(line, brace + 1, labels);
        } else {
            name = line.substring(0, space);
            rest = space;
        }
        String[] valueAndTimestamp = line.substring(rest).strip().split(" ");
        return new Sample(name, labels, parseValue(valueAndTimestamp[0]));
    }

    /** Reads {@code a="x",b="y"}} from {@code start}; returns the index after the closing brace. */
    private static int labels(String line, int start, Map<String, String> labels) {
        int i = start;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String label = line.substring(i, equals).strip();
            StringBuilder value = new StringBuilder();
            i = equals + 2; // past ="
            while (line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\') {
                    char escaped = line.charAt(++i);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                i++;
            }
            labels.put(label, value.toString());
            i++; // past the closing quote
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    private static double parseValue(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }
}
