package org.rfmstream.ops.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every metric name the Grafana dashboard and the Prometheus alert rules read. A real {@code /metrics}
 * scrape of the running streams-app and trainer must expose each of {@link #expectedFromPrograms()}, or a
 * panel or alert silently shows nothing.
 */
public final class DeployedMetrics {

    public static final String DASHBOARD = "ops/grafana/dashboards/rfm-stream.json";
    public static final String ALERT_RULES = "ops/prometheus/rules.yml";

    /** Made by Prometheus itself for every target, never by a program. */
    static final Set<String> MADE_BY_PROMETHEUS =
            Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_series_added");

    private DeployedMetrics() {
    }

    /** The PromQL of every panel target of the dashboard. */
    public static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : YamlFiles.readJson(Repository.path(DASHBOARD)).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        return expressions;
    }

    /** The PromQL of every alerting and recording rule. */
    public static List<String> alertRuleExpressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode group : YamlFiles.read(Repository.path(ALERT_RULES)).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.add(rule.path("expr").asText());
            }
        }
        return expressions;
    }

    public static Set<String> usedByDashboard() {
        return namesIn(dashboardExpressions());
    }

    public static Set<String> usedByAlertRules() {
        return namesIn(alertRuleExpressions());
    }

    /** Every series name as written in the expressions (a histogram appears as its _bucket, _sum, ...). */
    public static Set<String> all() {
        Set<String> names = new TreeSet<>(usedByDashboard());
        names.addAll(usedByAlertRules());
        return names;
    }

    /** The names a scrape of the programs must contain: {@link #all()} minus what Prometheus makes itself. */
    public static Set<String> expectedFromPrograms() {
        Set<String> names = new TreeSet<>(all());
        names.removeAll(MADE_BY_PROMETHEUS);
        return names;
    }

    private static Set<String> namesIn(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        expressions.forEach(expression -> names.addAll(PromQl.metricNames(expression)));
        return names;
    }
}
