package org.rfmstream.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The names the dashboard and the alerts read. That each exists in a real scrape of the running programs is
 * checked by the scrape test (streams-app and trainer on the test broker), which uses the same helper.
 */
class DeployedMetricsTest {

    /** README "Metrics": what the programs promise to expose. */
    private static final List<String> DESIGN_METRICS = List.of(
            "segmentation_events_total",
            "segmentation_segment_changes_total",
            "segmentation_customers",
            "segmentation_model_version",
            "segmentation_change_latency_seconds",
            "trainer_runs_total",
            "trainer_duration_seconds",
            "trainer_silhouette");

    /** How Prometheus names the series of a timer or histogram. */
    private static final List<String> SERIES_SUFFIXES = List.of("", "_bucket", "_count", "_sum", "_max");

    @Test
    void theDashboardAndTheAlertsReadEveryMetricDesignPromises() {
        Set<String> used = DeployedMetrics.all();

        assertThat(used).isNotEmpty();
        for (String metric : DESIGN_METRICS) {
            assertThat(SERIES_SUFFIXES.stream().map(suffix -> metric + suffix))
                    .as("a series of %s in the dashboard or the alert rules", metric)
                    .anyMatch(used::contains);
        }
    }

    @Test
    void theDashboardAlsoShowsKafkaLagHttpLatencyAndJvmMemory() {
        assertThat(DeployedMetrics.usedByDashboard()).contains(
                "kafka_consumer_fetch_manager_records_lag_max",
                "http_server_requests_seconds_max",
                "jvm_memory_used_bytes");
    }

    @Test
    void theAlertsCoverDlqLagMissingModelAndDownPrograms() {
        assertThat(DeployedMetrics.usedByAlertRules()).contains(
                "segmentation_events_total",
                "kafka_consumer_fetch_manager_records_lag_max",
                "segmentation_model_version",
                "up");
    }

    @Test
    void whatProgramsMustExposeLeavesOutWhatPrometheusMakes() {
        assertThat(DeployedMetrics.expectedFromPrograms())
                .doesNotContain("up")
                .contains("segmentation_events_total", "trainer_silhouette");
    }
}
