package org.rfmstream.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.ops.generate.RetailDataGenerator;
import org.rfmstream.ops.replay.ReplayOptions;
import org.rfmstream.ops.replay.ReplaySummary;
import org.rfmstream.ops.replay.TransactionReplayer;
import org.rfmstream.ops.topics.TopicCreator;
import org.rfmstream.ops.topics.TopicSpec;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionType;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;
import org.rfmstream.testsupport.PrometheusScrape;

/**
 * Every metric the Grafana dashboard and the Prometheus alert rules read exists in a real scrape of the running
 * programs, so that no panel or alert silently shows nothing. streams-app and the trainer run as child processes
 * from their packaged jars (ops depends on neither), configured only by the environment variables the deployment
 * files use, on the test broker: generated purchases are replayed, the trainer publishes a model from the
 * profiles, the application adopts it and a few more purchases flow; then both {@code /metrics} are scraped.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DeployedMetricsIT {

    private static final String APP_JAR = "streams-app/target/streams-app.jar";
    private static final String TRAINER_JAR = "trainer/target/trainer.jar";
    private static final Path LOGS = Path.of("target", "deployed-metrics-it");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final List<ProgramProcess> PROGRAMS = new ArrayList<>();
    private static PrometheusScrape appScrape;
    private static PrometheusScrape trainerScrape;

    @BeforeAll
    static void runTheProgramsOnTheTestBroker(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        TopicNames topics = new TopicNames(broker.unique("transactions"), broker.unique("segment-changes"),
                broker.unique("customer-profiles"), broker.unique("segment-models"), broker.unique("dlq"),
                broker.unique("customer-erasures"));
        try (Admin admin = broker.admin()) {
            new TopicCreator(admin).ensure(TopicSpec.forSystem(topics, 3, TopicSpec.DEFAULT_REPLICATION_FACTOR));
        }
        Map<String, String> common = new HashMap<>(Map.of(
                Settings.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                TopicNames.TOPIC_TRANSACTIONS, topics.transactions(),
                TopicNames.TOPIC_SEGMENT_CHANGES, topics.segmentChanges(),
                TopicNames.TOPIC_CUSTOMER_PROFILES, topics.customerProfiles(),
                TopicNames.TOPIC_SEGMENT_MODELS, topics.segmentModels(),
                TopicNames.TOPIC_TRANSACTIONS_DLQ, topics.transactionsDlq(),
                TopicNames.TOPIC_CUSTOMER_ERASURES, topics.customerErasures()));

        int appPort = freePort();
        Map<String, String> appEnvironment = new HashMap<>(common);
        appEnvironment.putAll(Map.of(
                Settings.APPLICATION_ID, broker.unique("deployed-metrics"),
                Settings.HTTP_PORT, String.valueOf(appPort),
                Settings.APPLICATION_SERVER, "localhost:" + appPort,
                Settings.STATE_DIR, stateDir.toString(),
                ProgramSettings.NUM_STANDBY_REPLICAS, "0"));
        ProgramProcess app = start("streams-app", APP_JAR, appEnvironment);
        URI appMetrics = URI.create("http://localhost:" + appPort + "/metrics");

        // what the demo does: generated retail history, replayed as transactions
        StringWriter csv = new StringWriter();
        new RetailDataGenerator(11, 250).write(csv);
        ReplaySummary replayed = new TransactionReplayer(broker.clientProperties(), topics.transactions())
                .replay(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                        ReplayOptions.defaults());
        assertThat(replayed.sendFailures()).isZero();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(app.isAlive()).as(app.logTail()).isTrue();
                    assertThat(inputEventsCounted(scrape(appMetrics))).as("input events counted by streams-app")
                            .isGreaterThanOrEqualTo(replayed.eventsSent());
                });

        // the trainer in its long-running mode (the one that serves /metrics) trains from the profiles at once
        int trainerPort = freePort();
        Map<String, String> trainerEnvironment = new HashMap<>(common);
        trainerEnvironment.put(ProgramSettings.TRAINER_HTTP_PORT, String.valueOf(trainerPort));
        ProgramProcess trainer = start("trainer", TRAINER_JAR, trainerEnvironment, "--every", "PT1M",
                "--no-progress");
        URI trainerHealth = URI.create("http://localhost:" + trainerPort + "/health");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> !trainer.isAlive() || lastRunResult(trainerHealth) != null);
        assertThat(lastRunResult(trainerHealth)).as("the trainer's first run: %s", trainer.logTail())
                .isEqualTo("published");

        // the application adopts the model, then a few purchases of new customers flow under it
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    PrometheusScrape scrape = scrape(appMetrics);
                    assertThat(scrape.value("segmentation_model_version", Map.of())).isEqualTo(1.0);
                    assertThat(scrape.names()).contains("segmentation_segment_changes_total",
                            "segmentation_customers");
                });
        double before = inputEventsCounted(scrape(appMetrics));
        sendFreshPurchases(broker, topics.transactions(), 5);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> assertThat(inputEventsCounted(scrape(appMetrics)))
                        .isGreaterThanOrEqualTo(before + 5));

        // and someone reads the API, as the dashboard's HTTP panel expects
        URI appModel = URI.create("http://localhost:" + appPort + "/api/model");
        assertThat(Json.mapper().readTree(get(appModel).body()).path("version").asLong()).isEqualTo(1);

        appScrape = scrape(appMetrics);
        trainerScrape = scrape(URI.create("http://localhost:" + trainerPort + "/metrics"));
    }

    @AfterAll
    static void stopThePrograms() {
        ProgramProcess.stopAll(PROGRAMS);
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsReadIsInARealScrape() {
        Set<String> scraped = PrometheusScrape.union(appScrape, trainerScrape).names();

        Set<String> missing = new TreeSet<>(DeployedMetrics.expectedFromPrograms());
        missing.removeAll(scraped);

        assertThat(missing).as("metrics read by %s or %s that neither streams-app nor the trainer exposes",
                DeployedMetrics.DASHBOARD, DeployedMetrics.ALERT_RULES).isEmpty();
    }

    @Test
    void everySeriesSelectorOfTheDashboardAndTheAlertsMatchesARealSeries() {
        PrometheusScrape scraped = PrometheusScrape.union(appScrape, trainerScrape);
        List<String> unmatched = new ArrayList<>();
        Stream.concat(DeployedMetrics.dashboardExpressions().stream(),
                        DeployedMetrics.alertRuleExpressions().stream())
                .flatMap(expression -> PromQl.selectors(expression).stream())
                .filter(selector -> !DeployedMetrics.MADE_BY_PROMETHEUS.contains(selector.metric()))
                .filter(selector -> !selector.usesVariables())
                .filter(selector -> scraped.samples().stream()
                        .noneMatch(sample -> selector.matches(sample.name(), sample.labels())))
                .forEach(selector -> unmatched.add(selector.toString()));

        assertThat(unmatched).as("selectors that select no series of the running programs").isEmpty();
    }

    @Test
    void eachProgramExposesItsOwnSeries() {
        assertThat(appScrape.names()).contains("segmentation_events_total", "segmentation_model_version",
                "kafka_consumer_fetch_manager_records_lag_max", "jvm_memory_used_bytes");
        assertThat(trainerScrape.names()).contains("trainer_runs_total", "trainer_silhouette",
                "trainer_duration_seconds_count", "jvm_memory_used_bytes");
        assertThat(trainerScrape.value("trainer_runs_total", Map.of("result", "published"))).isEqualTo(1.0);
    }

    private static ProgramProcess start(String name, String jar, Map<String, String> environment, String... args) {
        ProgramProcess program = ProgramProcess.start(name, jar, environment, LOGS, args);
        PROGRAMS.add(program);
        return program;
    }

    /** Every input record the application has accounted for: processed, duplicate or invalid. */
    private static double inputEventsCounted(PrometheusScrape scrape) {
        return scrape.samples().stream()
                .filter(sample -> sample.name().equals("segmentation_events_total"))
                .mapToDouble(PrometheusScrape.Sample::value)
                .sum();
    }

    private static void sendFreshPurchases(KafkaBroker broker, String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.clientProperties(),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                Instant now = Instant.now();
                String customer = "fresh-" + i;
                Transaction purchase = new Transaction("fresh-" + i, customer, TransactionType.PURCHASE, now,
                        new BigDecimal("42.00"), "GBP", "United Kingdom", null);
                producer.send(new ProducerRecord<>(topic, null, now.toEpochMilli(), customer,
                        Json.toString(purchase))).get();
            }
        }
    }

    /** The trainer's {@code /health} {@code lastResult}: null before its first run or while it cannot answer. */
    private static String lastRunResult(URI health) {
        try {
            JsonNode body = Json.mapper().readTree(get(health).body());
            return body.hasNonNull("lastResult") ? body.get("lastResult").asText() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static PrometheusScrape scrape(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = get(uri);
        assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
        return PrometheusScrape.parse(response.body());
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
