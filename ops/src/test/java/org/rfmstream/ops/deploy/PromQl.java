package org.rfmstream.ops.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and series selectors a PromQL expression reads. Not a PromQL parser: it removes what cannot be a metric name
 * (strings, label matchers, ranges, grouping label lists, Grafana variables, numbers and durations), then
 * every remaining identifier that is not a keyword and not followed by "(" is a metric.
 */
final class PromQl {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLES = Pattern.compile("\\$\\{?\\w+}?");
    /** A number or duration (5m, 0.95, 1e3) is one token, so its letters are never taken for a name. */
    private static final Pattern TOKENS = Pattern.compile("\\d[\\w.]*|([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf",
            "nan", "by", "without", "on", "ignoring", "group_left", "group_right");

    private static final Pattern SELECTOR_WITH_MATCHERS = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PromQl() {
    }

    /** A series selector: the metric and its label matchers (none for a bare name). */
    record Selector(String metric, List<LabelMatcher> matchers) {

        /** Whether a series with this name and these labels is selected (a missing label is the empty string). */
        boolean matches(String name, Map<String, String> labels) {
            return metric.equals(name) && matchers.stream().allMatch(matcher -> matcher.matches(labels));
        }

        /** Whether a matcher depends on a Grafana variable, so that only a running Grafana knows its value. */
        boolean usesVariables() {
            return matchers.stream().anyMatch(matcher -> matcher.value().contains("$"));
        }
    }

    /** {@code label op "value"}; regular expressions are anchored at both ends, as in Prometheus. */
    record LabelMatcher(String label, String op, String value) {

        boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(label, "");
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> Pattern.matches("(?:" + value + ")", actual);
                case "!~" -> !Pattern.matches("(?:" + value + ")", actual);
                default -> throw new IllegalArgumentException("unknown matcher " + op);
            };
        }
    }

    /** Every selector of the expression: each metric name, with the label matchers written after it. */
    static List<Selector> selectors(String expression) {
        List<Selector> selectors = new ArrayList<>();
        Set<String> withMatchers = new TreeSet<>();
        Matcher selector = SELECTOR_WITH_MATCHERS.matcher(expression);
        while (selector.find()) {
            List<LabelMatcher> matchers = new ArrayList<>();
            Matcher matcher = MATCHER.matcher(selector.group(2));
            while (matcher.find()) {
                matchers.add(new LabelMatcher(matcher.group(1), matcher.group(2),
                        matcher.group(3).replaceAll("\\\\(.)", "$1")));
            }
            selectors.add(new Selector(selector.group(1), List.copyOf(matchers)));
            withMatchers.add(selector.group(1));
        }
        for (String name : metricNames(expression)) {
            if (!withMatchers.contains(name)) {
                selectors.add(new Selector(name, List.of()));
            }
        }
        return selectors;
    }

    static Set<String> metricNames(String expression) {
        String rest = STRINGS.matcher(expression).replaceAll(" ");
        rest = LABEL_MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGES.matcher(rest).replaceAll(" ");
        rest = LABEL_LISTS.matcher(rest).replaceAll(" ");
        rest = VARIABLES.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher token = TOKENS.matcher(rest);
        while (token.find()) {
            String identifier = token.group(1);
            boolean isCall = token.group(2) != null;
            if (identifier != null && !isCall && !KEYWORDS.contains(identifier.toLowerCase(java.util.Locale.ROOT))) {
                names.add(identifier);
            }
        }
        return names;
    }
}
