package org.rfmstream.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rfmstream.streams.live.Changes.inactivity;
import static org.rfmstream.streams.live.Changes.purchase;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.streams.live.ChangeBroadcaster;
import org.rfmstream.streams.live.FeedEvent;
import org.rfmstream.streams.live.SseTestClient;

class ChangeFeedRoutesTest {

    private final ChangeBroadcaster broadcaster = new ChangeBroadcaster(20, 10);
    private final HttpClient http = HttpClient.newHttpClient();
    private Javalin app;
    private ChangeFeedRoutes routes;

    @BeforeEach
    void startServer() {
        app = Javalin.create(config -> routes = ChangeFeedRoutes.register(config.routes, broadcaster,
                Duration.ofMillis(200))).start(0);
    }

    @AfterEach
    void stopServer() {
        // as in the app: end the streams first, so every response completes before the server stops
        broadcaster.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> routes.openStreams() == 0);
        app.stop();
        http.close();
    }

    @Test
    void aBrowserReceivesEachChangeAsASegmentChangeEventWithItsJson() throws Exception {
        try (var client = SseTestClient.connect(http, uri("/api/changes/stream"), null)) {
            assertThat(client.response().statusCode()).isEqualTo(200);
            assertThat(client.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            await().atMost(Duration.ofSeconds(5)).until(() -> broadcaster.subscriberCount() == 1);

            SegmentChange change = purchase("17850", "loyal", "champions");
            FeedEvent published = broadcaster.publish(change);

            await().atMost(Duration.ofSeconds(5)).until(() -> client.events().size() == 1);
            SseTestClient.Event event = client.events().getFirst();
            assertThat(event.name()).isEqualTo("segment-change");
            assertThat(event.id()).isEqualTo(published.id());
            assertThat(Json.fromString(event.data(), SegmentChange.class)).isEqualTo(change);
        }
    }

    @Test
    void aNewPageCanAskForRecentHistoryFirst() throws Exception {
        broadcaster.publish(purchase("c1", null, "loyal"));
        broadcaster.publish(purchase("c2", null, "loyal"));
        broadcaster.publish(purchase("c3", null, "loyal"));

        try (var client = SseTestClient.connect(http, uri("/api/changes/stream?replay=2"), null)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.events().size() == 2);
            assertThat(client.events()).extracting(event -> customerOf(event.data())).containsExactly("c2", "c3");
        }
    }

    @Test
    void aReconnectingBrowserGetsWhatItMissedFromItsLastEventId() throws Exception {
        FeedEvent seen = broadcaster.publish(purchase("c1", null, "loyal"));
        broadcaster.publish(purchase("c2", null, "loyal"));

        try (var client = SseTestClient.connect(http, uri("/api/changes/stream?replay=20"), seen.id())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.events().isEmpty());
            assertThat(client.events()).extracting(event -> customerOf(event.data())).containsExactly("c2");
        }
    }

    @Test
    void anIdleStreamCarriesHeartbeatsAndAClosedOneIsForgotten() throws Exception {
        try (var client = SseTestClient.connect(http, uri("/api/changes/stream"), null)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.comments().contains("heartbeat"));
        }
        // the next write (a heartbeat at the latest) notices the closed connection
        await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscriberCount() == 0
                && routes.openStreams() == 0);
    }

    @Test
    void recentAnswersTheLastChangesNewestFirstAsJson() throws Exception {
        broadcaster.publish(purchase("c1", null, "loyal"));
        broadcaster.publish(inactivity("c2", "champions", "at-risk"));

        HttpResponse<String> response = get("/api/changes/recent?limit=5");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body).hasSize(2);
        assertThat(body.get(0).get("customerId").asText()).isEqualTo("c2");
        assertThat(body.get(0).get("reason").asText()).isEqualTo("INACTIVITY");
        assertThat(body.get(0).get("previousSegment").asText()).isEqualTo("champions");
        assertThat(body.get(0).get("at").asText()).isEqualTo("2011-05-21T00:00:00Z");
        assertThat(body.get(1).get("previousSegment").isNull()).isTrue();
    }

    @Test
    void aBadLimitIsAJsonError() throws Exception {
        for (String limit : new String[] {"abc", "0", "-1", "1000"}) {
            HttpResponse<String> response = get("/api/changes/recent?limit=" + limit);

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode body = Json.mapper().readTree(response.body());
            assertThat(body.get("error").asText()).isEqualTo("bad_request");
            assertThat(body.get("detail").asText()).contains("limit", "'" + limit + "'");
        }
    }

    @Test
    void theStreamSaysWhatItIsToAClientThatDoesNotAskForEvents() throws Exception {
        HttpResponse<String> response = get("/api/changes/stream");

        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(Json.mapper().readTree(response.body()).get("detail").asText()).contains("text/event-stream");
    }

    private static String customerOf(String json) {
        return Json.fromString(json, SegmentChange.class).customerId();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + app.port() + path);
    }
}
