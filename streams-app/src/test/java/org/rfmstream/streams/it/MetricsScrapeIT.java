package org.rfmstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionType;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;
import org.rfmstream.testsupport.PrometheusScrape;

/**
 * {@code /metrics} of a complete running instance, scraped and parsed before and after events flow: the series
 * README names ("Metrics") exist and move, next to Kafka Streams' own, the JVM's and the HTTP request timer.
 */
@ExtendWith(KafkaBrokerExtension.class)
class MetricsScrapeIT {

    private static final String EVENTS = "segmentation_events_total";
    private static final String CHANGES = "segmentation_segment_changes_total";
    private static final String CUSTOMERS = "segmentation_customers";
    private static final String MODEL_VERSION = "segmentation_model_version";
    private static final String LATENCY = "segmentation_change_latency_seconds";
    private static final Map<String, String> PROCESSED = Map.of("result", "processed");
    private static final Map<String, String> INVALID = Map.of("result", "invalid");

    private final ApiClient api = new ApiClient();
    private AppInstance app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theNamedSeriesExistAndMoveWhenEventsFlow(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        TopicNames topics = AppInstance.createTopics(broker, 3);
        app = AppInstance.start(broker, topics, broker.unique("metrics-it"), stateDir, Map.of());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(api.get(app, "/ready").statusCode()).isEqualTo(200);
        });

        PrometheusScrape before = scrape();
        assertThat(before.sum(EVENTS, PROCESSED)).isZero();
        assertThat(before.has(CHANGES)).as("changes before any event").isFalse();
        assertThat(before.sum(MODEL_VERSION)).as("model version before any model").isZero();
        assertThat(before.sum(LATENCY + "_count")).isZero();
        assertThat(before.has("kafka_stream_thread_process_total")).isTrue();
        assertThat(before.has("jvm_memory_used_bytes")).isTrue();

        SegmentModel model = HandMadeModel.fourSegments(5);
        HandMadeModel.publish(broker, topics.segmentModels(), model);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(scrape().sum(MODEL_VERSION)).isEqualTo(model.version()));

        // 20 customers buy twice an hour ago, and one record is garbage
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        try (KafkaProducer<String, String> producer = producer(broker)) {
            for (int i = 0; i < 40; i++) {
                send(producer, topics.transactions(), "early-" + (i % 20), "early-" + i, anHourAgo.plusSeconds(i));
            }
            producer.send(new ProducerRecord<>(topics.transactions(), "early-0", "{\"eventId\": 42")).get();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertThat(scrape.sum(EVENTS, PROCESSED)).isEqualTo(40);
            assertThat(scrape.sum(EVENTS, INVALID)).isEqualTo(1);
            assertThat(scrape.sum(CUSTOMERS)).as("customers in a segment").isEqualTo(20);
        });

        // the model is in force everywhere now: 10 new customers buying now are each a PURCHASE change
        try (KafkaProducer<String, String> producer = producer(broker)) {
            for (int i = 0; i < 10; i++) {
                send(producer, topics.transactions(), "late-" + i, "late-" + i, Instant.now());
            }
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertThat(scrape.sum(EVENTS, PROCESSED)).isEqualTo(50);
            assertThat(scrape.sum(CUSTOMERS)).isEqualTo(30);
            assertThat(scrape.sum(CHANGES, Map.of("reason", "PURCHASE"))).isGreaterThanOrEqualTo(10);
            assertThat(scrape.sum(LATENCY + "_count")).isGreaterThanOrEqualTo(10);
        });

        PrometheusScrape after = scrape();
        assertThat(after.sum(CHANGES)).as("all changes").isGreaterThanOrEqualTo(30);
        assertThat(after.samples(CHANGES)).allSatisfy(sample -> {
            assertThat(sample.labels()).containsKeys("reason", "segment");
            assertThat(model.segments().stream().map(SegmentModel.Segment::id)).contains(sample.labels()
                    .get("segment"));
        });
        assertThat(after.samples(CUSTOMERS)).allSatisfy(sample -> assertThat(sample.labels()).containsKey("segment"));
        assertThat(after.sum(MODEL_VERSION)).isEqualTo(model.version());
        assertThat(after.samples(LATENCY + "_bucket")).as("latency histogram buckets").hasSizeGreaterThan(10)
                .allSatisfy(sample -> assertThat(sample.labels()).containsKey("le"));
        assertThat(after.sum(LATENCY + "_bucket", Map.of("le", "+Inf"))).isEqualTo(after.sum(LATENCY + "_count"));
        assertThat(after.sum("kafka_stream_thread_process_total"))
                .as("records Kafka Streams processed").isGreaterThan(before.sum("kafka_stream_thread_process_total"));
        assertThat(after.names()).anyMatch(name -> name.startsWith("kafka_stream_"))
                .anyMatch(name -> name.startsWith("kafka_consumer_"))
                .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage");
        assertThat(after.sum("http_server_requests_seconds_count", Map.of("uri", "/metrics", "status", "200")))
                .as("earlier scrapes, timed").isPositive();
        assertThat(after.names()).contains("http_server_requests_seconds_sum", "http_server_requests_seconds_max");
    }

    private PrometheusScrape scrape() {
        HttpResponse<String> response = api.get(app, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain"));
        return PrometheusScrape.parse(response.body());
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        Properties properties = broker.clientProperties();
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String customerId,
                             String eventId, Instant at) throws Exception {
        Transaction purchase = new Transaction(eventId, customerId, TransactionType.PURCHASE, at,
                new BigDecimal("25.50"), "GBP", "United Kingdom", null);
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), customerId, Json.toString(purchase)))
                .get();
    }
}
