package org.rfmstream.ops.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One scrape of a {@code /metrics} endpoint (Prometheus text format), parsed into series. */
final class MetricsScrape {

    /** One line of the scrape: {@code name{label="value",...} value}. */
    record Sample(String name, Map<String, String> labels, String value) {
    }

    private final List<Sample> samples;

    private MetricsScrape(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    static MetricsScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                samples.add(sample(trimmed));
            }
        }
        return new MetricsScrape(samples);
    }

    static MetricsScrape union(MetricsScrape... scrapes) {
        List<Sample> all = new ArrayList<>();
        for (MetricsScrape scrape : scrapes) {
            all.addAll(scrape.samples);
        }
        return new MetricsScrape(all);
    }

    List<Sample> samples() {
        return samples;
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** The value of the first sample of the series with all the given labels, or null. */
    Double value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                .map(sample -> Double.valueOf(sample.value()))
                .findFirst()
                .orElse(null);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        if (brace < 0 || brace > space) {
            return new Sample(line.substring(0, space), labels, line.substring(space + 1).strip().split(" ")[0]);
        }
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String label = line.substring(i, equals).strip();
            StringBuilder value = new StringBuilder();
            for (i = equals + 2; line.charAt(i) != '"'; i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    char escaped = line.charAt(++i);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            labels.put(label, value.toString());
            i++;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return new Sample(line.substring(0, brace), labels, line.substring(i + 1).strip().split(" ")[0]);
    }
}
