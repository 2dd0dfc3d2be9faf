package org.rfmstream.streams.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rfmstream.streams.live.Changes.inactivity;
import static org.rfmstream.streams.live.Changes.purchase;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rfmstream.streams.http.ChangeFeedRoutes;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

@ExtendWith(KafkaBrokerExtension.class)
class SegmentChangeFeedIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();
    private SegmentChangeFeed feed;
    private Javalin app;
    private ChangeFeedRoutes routes;

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
        if (app != null) {
            await().atMost(WAIT).until(() -> routes.openStreams() == 0);
            app.stop();
        }
        http.close();
    }

    @Test
    void aCommittedChangeReachesABrowserOverServerSentEvents(KafkaBroker broker) throws Exception {
        String topic = broker.unique("segment-changes");
        broker.createTopic(topic, 3, false);
        startFeedAndServer(broker, topic);

        try (var browser = SseTestClient.connect(http, uri("/api/changes/stream"), null);
             var producer = transactionalProducer(broker)) {
            await().atMost(WAIT).until(() -> feed.broadcaster().subscriberCount() == 1);

            // aborted first, same key (same partition): once the committed one arrives the aborted one was skipped
            producer.beginTransaction();
            producer.send(record(topic, purchase("17850", "loyal", "lost")));
            producer.flush();
            producer.abortTransaction();
            SegmentChange change = purchase("17850", "loyal", "champions");
            producer.beginTransaction();
            producer.send(record(topic, change));
            producer.commitTransaction();

            await().atMost(WAIT).until(() -> !browser.events().isEmpty());
            SseTestClient.Event event = browser.events().getFirst();
            assertThat(event.name()).isEqualTo("segment-change");
            assertThat(Json.fromString(event.data(), SegmentChange.class)).isEqualTo(change);
            assertThat(browser.events()).hasSize(1);
        }
    }

    @Test
    void aNewPageSeesTheRecentChangesAlreadyOnTheTopic(KafkaBroker broker) throws Exception {
        String topic = broker.unique("segment-changes");
        broker.createTopic(topic, 2, false);
        try (var producer = transactionalProducer(broker)) {
            producer.beginTransaction();
            producer.send(record(topic, purchase("c1", null, "new-customers")));
            producer.send(record(topic, inactivity("c2", "champions", "at-risk")));
            producer.commitTransaction();
        }

        startFeedAndServer(broker, topic);

        assertThat(feed.awaitFollowing(WAIT)).isTrue();
        assertThat(feed.broadcaster().recent(10)).extracting(e -> e.change().customerId())
                .containsExactlyInAnyOrder("c1", "c2");
        try (var browser = SseTestClient.connect(http, uri("/api/changes/stream?replay=10"), null)) {
            await().atMost(WAIT).until(() -> browser.events().size() == 2);
        }
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheFeedGoesOn(KafkaBroker broker) throws Exception {
        String topic = broker.unique("segment-changes");
        broker.createTopic(topic, 1, false);
        startFeedAndServer(broker, topic);
        assertThat(feed.awaitFollowing(WAIT)).isTrue();

        Properties properties = broker.clientProperties();
        try (var producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "c1", "not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topic, "c1", (byte[]) null));
            producer.send(new ProducerRecord<>(topic, "c2", Json.toBytes(purchase("c2", null, "loyal"))));
        }

        await().atMost(WAIT).until(() -> feed.changesRead() == 1);
        assertThat(feed.unreadableRecords()).isEqualTo(1);
        assertThat(feed.broadcaster().recent(10)).extracting(e -> e.change().customerId()).containsExactly("c2");
    }

    @Test
    void closingTheFeedEndsTheBrowsersStreams(KafkaBroker broker) throws Exception {
        String topic = broker.unique("segment-changes");
        broker.createTopic(topic, 1, false);
        startFeedAndServer(broker, topic);

        try (var browser = SseTestClient.connect(http, uri("/api/changes/stream"), null)) {
            await().atMost(WAIT).until(() -> feed.broadcaster().subscriberCount() == 1);

            feed.close();

            await().atMost(WAIT).until(browser::ended);
        }
    }

    private void startFeedAndServer(KafkaBroker broker, String topic) {
        feed = new SegmentChangeFeed(broker.clientProperties(), topic, new ChangeBroadcaster(50, 50)).start();
        app = Javalin.create(config -> routes = ChangeFeedRoutes.register(config.routes, feed.broadcaster()))
                .start(0);
    }

    private static KafkaProducer<String, SegmentChange> transactionalProducer(KafkaBroker broker) {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, broker.unique("tx"));
        var producer = new KafkaProducer<>(properties, new StringSerializer(), Serdes.segmentChange().serializer());
        producer.initTransactions();
        return producer;
    }

    private static ProducerRecord<String, SegmentChange> record(String topic, SegmentChange change) {
        return new ProducerRecord<>(topic, change.customerId(), change);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + app.port() + path);
    }
}
