package org.rfmstream.bench;

import java.util.Locale;
import java.util.Map;

/** The few lines a person reads at the end of a benchmark: medians and targets. */
public final class BenchSummary {

    private BenchSummary() {
    }

    public static String describe(BenchReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s: median of %d run(s) on %s%n", report.benchmark(),
                report.runs().size(), report.machine().describe()));
        for (Map.Entry<String, Double> figure : report.median().entrySet()) {
            text.append(String.format(Locale.ROOT, "  %-48s %,16.3f%n", figure.getKey(), figure.getValue()));
        }
        for (BenchReport.Target target : report.targets()) {
            text.append(String.format(Locale.ROOT, "  target %-40s %s (%.3f %s %.3f)%n", target.name(),
                    target.met() ? "MET" : "MISSED", target.value(), target.atMost() ? "<=" : ">=", target.limit()));
        }
        return text.toString();
    }
}
