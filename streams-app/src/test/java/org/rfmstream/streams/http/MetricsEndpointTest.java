package org.rfmstream.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.query.FakeMetadataSource;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.InMemoryCustomerStore;
import org.rfmstream.streams.query.QueryService;
import org.rfmstream.streams.query.TestModels;

/** {@code /metrics} scraped and parsed as Prometheus text, as Prometheus itself would. */
class MetricsEndpointTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final PrometheusMeterRegistry registry = MeterRegistries.prometheus();
    private HttpServer server;

    @BeforeEach
    void start() {
        HttpSettings settings = HttpSettings.from(Settings.of(Map.of(Settings.HTTP_PORT, "0")));
        QueryService queries = new QueryService(new FakeMetadataSource(new Host("localhost", 8080)),
                new InMemoryCustomerStore(), () -> Optional.of(TestModels.model(1)), new HttpPeerClient(settings),
                () -> TestModels.NOW, settings.queryOptions());
        server = new HttpServer(settings, queries, registry).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void exposeJvmAndProcessMetrics() {
        List<Sample> samples = scrape();

        assertThat(find(samples, "jvm_memory_used_bytes", Map.of("area", "heap"))).isNotEmpty();
        assertThat(find(samples, "jvm_threads_live_threads", Map.of())).isNotEmpty();
        assertThat(find(samples, "process_uptime_seconds", Map.of())).isNotEmpty();
        assertThat(find(samples, "system_cpu_count", Map.of())).isNotEmpty();
    }

    @Test
    void timeEveryRequestByRouteTemplateAndStatus() {
        post("/api/score", "{\"recency\": 5, \"frequency\": 12, \"monetary\": 400}");
        post("/api/score", "{\"recency\": 5, \"frequency\": 12, \"monetary\": 400}");
        post("/api/score", "{\"recency\": -5, \"frequency\": 12, \"monetary\": 400}");
        get("/api/customers/nobody");

        List<Sample> samples = scrape();

        assertThat(value(samples, "http_server_requests_seconds_count",
                Map.of("method", "POST", "uri", "/api/score", "status", "200"))).isEqualTo(2.0);
        assertThat(value(samples, "http_server_requests_seconds_count",
                Map.of("method", "POST", "uri", "/api/score", "status", "400"))).isEqualTo(1.0);
        assertThat(value(samples, "http_server_requests_seconds_count",
                Map.of("method", "GET", "uri", "/api/customers/{id}", "status", "404"))).isEqualTo(1.0);
        assertThat(value(samples, "http_server_requests_seconds_sum",
                Map.of("method", "POST", "uri", "/api/score", "status", "200"))).isPositive();
    }

    @Test
    void showTheProjectsMetersRegisteredOnTheSameRegistryAndTheirMovement() {
        Counter processed = Counter.builder("segmentation.events").tag("result", "processed").register(registry);
        double before = value(scrape(), "segmentation_events_total", Map.of("result", "processed"));

        processed.increment(3);

        assertThat(before).isZero();
        assertThat(value(scrape(), "segmentation_events_total", Map.of("result", "processed"))).isEqualTo(3.0);
    }

    @Test
    void bindKafkaStreamsOwnMetrics(@TempDir Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("metrics-test-input").to("metrics-test-output");
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        properties.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        // never started: the streams client registers its metrics when it is created
        try (KafkaStreams streams = new KafkaStreams(builder.build(), properties);
             KafkaStreamsMetrics binder = MeterRegistries.bindKafkaStreams(registry, streams)) {
            List<Sample> samples = scrape();

            assertThat(samples).anySatisfy(sample -> assertThat(sample.name()).startsWith("kafka_stream_"));
            assertThat(samples).anySatisfy(sample -> assertThat(sample.labels()).containsKey("kafka_version"));
        }
    }

    // ---- a small Prometheus text parser ---------------------------------------------------------------------

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private List<Sample> scrape() {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        return response.body().lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(MetricsEndpointTest::parse)
                .toList();
    }

    private static Sample parse(String line) {
        Matcher matcher = SAMPLE.matcher(line);
        assertThat(matcher.matches()).as("Prometheus sample line: %s", line).isTrue();
        Map<String, String> labels = new HashMap<>();
        if (matcher.group(3) != null) {
            Matcher label = LABEL.matcher(matcher.group(3));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(4)));
    }

    private static List<Sample> find(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> found = find(samples, name, labels);
        assertThat(found).as("series %s%s", name, labels).hasSize(1);
        return found.getFirst().value();
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
