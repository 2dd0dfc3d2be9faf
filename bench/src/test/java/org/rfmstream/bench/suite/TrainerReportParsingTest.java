package org.rfmstream.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rfmstream.bench.BenchException;

/** The trainer benchmark reads the trainer's own report (TrainingReport.render) from its standard output. */
class TrainerReportParsingTest {

    private static final String REPORT = """
            {
              "name" : "rfm-kmeans",
              "version" : 1
            }
            customers 100000 (clustered 50000, silhouette on 5000), recency as of 2024-06-30T00:00:00Z
               k        inertia  silhouette        fit
               2      41234.123      0.5123       310ms
               3      30000.000      0.5500       402ms  <- chosen
            segments:
              champions              Champions                   1234  named by profile
            stages: transform=35ms fit=712ms silhouette=1203ms naming=2ms total=1952ms
            quality gate: passed
            """;

    @Test
    void sampleSizesAndEveryStageTimeAreRead() {
        Map<String, Double> figures = new LinkedHashMap<>();

        TrainerBench.parseReport(REPORT, "n100000.", figures);

        assertThat(figures)
                .containsEntry("n100000.customersRead", 100000.0)
                .containsEntry("n100000.fitSample", 50000.0)
                .containsEntry("n100000.silhouetteSample", 5000.0)
                .containsEntry("n100000.stage.transformSeconds", 0.035)
                .containsEntry("n100000.stage.fitSeconds", 0.712)
                .containsEntry("n100000.stage.silhouetteSeconds", 1.203)
                .containsEntry("n100000.stage.namingSeconds", 0.002)
                .containsEntry("n100000.trainingSeconds", 1.952);
    }

    @Test
    void outputWithoutStageTimesIsAnError() {
        assertThatThrownBy(() -> TrainerBench.parseReport("error: no customers\n", "n1.", new LinkedHashMap<>()))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("no stage times");
    }
}
