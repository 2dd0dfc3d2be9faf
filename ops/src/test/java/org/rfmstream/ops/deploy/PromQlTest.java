package org.rfmstream.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
}
