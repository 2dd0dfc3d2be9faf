package org.rfmstream.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void aggregationsAndFunctionsAreNotMetrics() {
        assertThat(PromQl.metricNames("sum by (result) (rate(segmentation_events_total[$__rate_interval]))"))
                .containsExactly("segmentation_events_total");
    }

    @Test
    void labelNamesValuesAndGroupingAreNotMetrics() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le, instance) "
                + "(rate(http_server_requests_seconds_bucket{uri=~\"/api_x.*\", le!=\"x_y\"}[5m])))"))
                .containsExactly("http_server_requests_seconds_bucket");
    }

    @Test
    void bothSidesOfABinaryExpressionAreRead() {
        assertThat(PromQl.metricNames("sum(rate(a_total{result=\"invalid\"}[5m])) / sum(rate(b_total[5m])) > 0.05"))
                .containsExactly("a_total", "b_total");
    }

    @Test
    void numbersDurationsKeywordsAndVectorMatchingAreSkipped() {
        assertThat(PromQl.metricNames("x_seconds offset 1h > bool 1e3 and on (instance) group_left (job) up == 0"))
                .containsExactly("up", "x_seconds");
    }

    @Test
    void aSelectorWithoutFunctionsIsItsOwnName() {
        assertThat(PromQl.metricNames("jvm_memory_used_bytes")).containsExactly("jvm_memory_used_bytes");
    }

    @Test
    void selectorsKeepTheirLabelMatchers() {
        List<PromQl.Selector> selectors = PromQl.selectors("max by (instance) (lag_max{client_id=~\".+-StreamThread-[0-9]+-consumer\"})"
                + " / sum(rate(events_total{result=\"invalid\", uri!~\"/metrics|/x\"}[5m])) + up");

        assertThat(selectors).containsExactlyInAnyOrder(
                new PromQl.Selector("lag_max", List.of(
                        new PromQl.LabelMatcher("client_id", "=~", ".+-StreamThread-[0-9]+-consumer"))),
                new PromQl.Selector("events_total", List.of(
                        new PromQl.LabelMatcher("result", "=", "invalid"),
                        new PromQl.LabelMatcher("uri", "!~", "/metrics|/x"))),
                new PromQl.Selector("up", List.of()));
    }

    @Test
    void aSelectorMatchesSeriesAsPrometheusDoes() {
        PromQl.Selector lag = PromQl.selectors("lag_max{client_id=~\".+-StreamThread-[0-9]+-consumer\", topic!=\"x\"}")
                .getFirst();

        assertThat(lag.matches("lag_max", Map.of("client_id", "app-1f-StreamThread-1-consumer"))).isTrue();
        assertThat(lag.matches("lag_max", Map.of("client_id", "app-1f-StreamThread-1-consumer-x")))
                .as("regular expressions are anchored").isFalse();
        assertThat(lag.matches("lag_max", Map.of("client_id", "app-1f-StreamThread-1-consumer", "topic", "x")))
                .isFalse();
        assertThat(lag.matches("other", Map.of("client_id", "app-1f-StreamThread-1-consumer"))).isFalse();
        assertThat(PromQl.selectors("a{instance=~\"$instance\"}").getFirst().usesVariables()).isTrue();
    }
}
