package org.rfmstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rfmstream.trainer.model.SegmentTrainer;
import org.rfmstream.trainer.model.SyntheticCustomers;
import org.rfmstream.trainer.model.TrainingOptions;

class TrainerHttpServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void servesTheTrainerMetricsAndHealth() throws Exception {
        TrainerMetrics metrics = new TrainerMetrics();
        SegmentTrainer.Result trained = new SegmentTrainer(TrainingOptions.defaults()).train(
                SyntheticCustomers.planted(List.of(SyntheticCustomers.CHAMPIONS, SyntheticCustomers.LOST), 50, 0.1, 1),
                SyntheticCustomers.AS_OF, null, 7, Instant.now());
        metrics.record(new TrainerRun.Outcome(TrainerRun.Result.PUBLISHED, trained.model(), trained.report(),
                List.of(), Duration.ofMillis(1_500)));
        metrics.recordFailure(Duration.ofMillis(20));

        try (TrainerHttpServer server = new TrainerHttpServer(metrics, 0)) {
            server.record(TrainerRun.Result.PUBLISHED, 7L);
            String prometheus = get(server, "/metrics");
            String health = get(server, "/health");

            assertThat(prometheus)
                    .contains("trainer_runs_total{result=\"published\"} 1.0")
                    .contains("trainer_runs_total{result=\"failed\"} 1.0")
                    .contains("trainer_runs_total{result=\"refused\"} 0.0")
                    .contains("trainer_duration_seconds_count 2")
                    .contains("trainer_silhouette " + trained.model().quality().silhouette())
                    .contains("trainer_model_version 7.0");
            assertThat(health).contains("\"status\":\"UP\"", "\"lastResult\":\"published\"",
                    "\"lastPublishedVersion\":7");
        }
    }

    private String get(TrainerHttpServer server, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
