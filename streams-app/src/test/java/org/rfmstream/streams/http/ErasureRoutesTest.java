package org.rfmstream.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rfmstream.streams.query.TestModels.NOW;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.query.FakeMetadataSource;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.InMemoryCustomerStore;
import org.rfmstream.streams.query.QueryService;

/** {@code POST /api/customers/{id}/erase} over real HTTP, with a requester that records what it was asked. */
class ErasureRoutesTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String TOKEN = "s3cret";

    private final List<String> sent = new ArrayList<>();
    private boolean kafkaDown;
    private HttpServer server;

    /** Remembers each request and answers as Kafka would (partition 2, growing offsets), or fails when "down". */
    private final ErasureRequester requester = (customerId, reason) -> {
        if (kafkaDown) {
            throw new ErasureRequester.ErasureNotSentException("Kafka did not take the erasure request in time",
                    null);
        }
        sent.add(customerId + "|" + reason);
        return new ErasureRequester.SentRequest(customerId, Instant.parse("2026-12-06T09:00:00Z"),
                "customer-erasures", 2, sent.size() - 1);
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String apiToken, ErasureRequester withRequester) {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put(Settings.HTTP_PORT, Integer.toString(port));
        env.put(Settings.APPLICATION_SERVER, "127.0.0.1:" + port);
        env.put(HttpSettings.HTTP_MAX_REQUEST_BYTES, "4096");
        if (apiToken != null) {
            env.put(HttpSettings.API_TOKEN, apiToken);
        }
        HttpSettings settings = HttpSettings.from(Settings.of(env));
        QueryService queries = new QueryService(new FakeMetadataSource(new Host("127.0.0.1", port)),
                new InMemoryCustomerStore(), Optional::empty, new HttpPeerClient(settings), () -> NOW,
                settings.queryOptions());
        server = new HttpServer(settings, queries, MeterRegistries.prometheus(),
                config -> ErasureRoutes.register(config.routes, withRequester)).start();
    }

    @Test
    void withATokenAnAuthorizedRequestIsSentAndAnsweredWithWhereItWent() {
        start(TOKEN, requester);

        HttpResponse<String> response = post("/api/customers/17850/erase", "{\"reason\":\"ticket DSR-2041\"}",
                "Authorization", "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("customerId").asText()).isEqualTo("17850");
        assertThat(body.get("topic").asText()).isEqualTo("customer-erasures");
        assertThat(body.get("partition").asInt()).isEqualTo(2);
        assertThat(body.get("offset").asLong()).isZero();
        assertThat(body.get("requestedAt").asText()).isEqualTo("2026-12-06T09:00:00Z");
        assertThat(sent).containsExactly("17850|ticket DSR-2041");
    }

    @Test
    void theBodyIsOptionalAndAnIdIsTakenAsItIsInThePath() {
        start(TOKEN, requester);

        assertThat(post("/api/customers/cust%2042/erase", "", "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(202);

        assertThat(sent).containsExactly("cust 42|null");
    }

    @Test
    void withoutTheRightBearerTokenItIs401AndNothingIsSent() {
        start(TOKEN, requester);

        HttpResponse<String> none = post("/api/customers/17850/erase", "", new String[0]);
        HttpResponse<String> wrong = post("/api/customers/17850/erase", "", "Authorization", "Bearer guess");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).get("error").asText()).isEqualTo("unauthorized");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(sent).isEmpty();
    }

    @Test
    void withoutAnApiTokenTheRouteIsOffAndSaysSo() {
        start(null, null);

        HttpResponse<String> response = post("/api/customers/17850/erase", "", new String[0]);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("not_found");
        assertThat(json(response).get("detail").asText()).contains("API_TOKEN").contains("ops erase");
    }

    @Test
    void aBodyThatIsNotTheRequestIs400AndNothingIsSent() {
        start(TOKEN, requester);
        String bearer = "Bearer " + TOKEN;

        List<HttpResponse<String>> answers = List.of(
                post("/api/customers/17850/erase", "{not json", "Authorization", bearer),
                post("/api/customers/17850/erase", "[1]", "Authorization", bearer),
                post("/api/customers/17850/erase", "{\"reason\":7}", "Authorization", bearer),
                post("/api/customers/17850/erase", "{\"reason\":\"" + "x".repeat(1001) + "\"}", "Authorization",
                        bearer),
                post("/api/customers/%20/erase", "", "Authorization", bearer));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(json(answer).get("error").asText()).isEqualTo("bad_request");
        });
        assertThat(sent).isEmpty();
    }

    @Test
    void whenKafkaDoesNotTakeTheRequestItIs503WithRetryAfter() {
        start(TOKEN, requester);
        kafkaDown = true;

        HttpResponse<String> response = post("/api/customers/17850/erase", "", "Authorization", "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(response).get("error").asText()).isEqualTo("unavailable");
    }

    private HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
