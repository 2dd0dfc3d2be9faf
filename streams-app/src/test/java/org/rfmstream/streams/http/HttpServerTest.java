package org.rfmstream.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.rfmstream.streams.query.TestModels.NOW;
import static org.rfmstream.streams.query.TestModels.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.query.FakeMetadataSource;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.InMemoryCustomerStore;
import org.rfmstream.streams.query.KeyOwners;
import org.rfmstream.streams.query.QueryService;
import org.rfmstream.streams.query.TestModels;

/** The routes over real HTTP: Javalin on a free port, called with {@code java.net.http}. */
class HttpServerTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final List<Instance> instances = new ArrayList<>();
    private final AtomicReference<SegmentModel> model = new AtomicReference<>(TestModels.model(7));

    @AfterEach
    void stop() {
        instances.forEach(instance -> instance.server.close());
    }

    /** One app instance: its own port, state and metadata, all instances sharing the model. */
    private final class Instance {
        final int port;
        final Host host;
        final FakeMetadataSource metadata;
        final InMemoryCustomerStore store = new InMemoryCustomerStore();
        final io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry = MeterRegistries.prometheus();
        final HttpServer server;

        Instance(Map<String, String> environment) {
            this(environment, config -> { });
        }

        Instance(Map<String, String> environment, java.util.function.Consumer<io.javalin.config.JavalinConfig> more) {
            port = freePort();
            host = new Host("127.0.0.1", port);
            metadata = new FakeMetadataSource(host);
            Map<String, String> env = new java.util.HashMap<>(environment);
            env.put(Settings.HTTP_PORT, Integer.toString(port));
            env.put(Settings.APPLICATION_SERVER, host.toString());
            env.putIfAbsent(HttpSettings.HTTP_FORWARD_TIMEOUT, "PT1S");
            env.putIfAbsent(HttpSettings.HTTP_MAX_REQUEST_BYTES, "1024");
            HttpSettings settings = HttpSettings.from(Settings.of(env));
            QueryService queries = new QueryService(metadata, store, () -> Optional.ofNullable(model.get()),
                    new HttpPeerClient(settings), () -> NOW, settings.queryOptions());
            server = new HttpServer(settings, queries, registry, more).start();
            instances.add(this);
        }

        Response get(String path, String... headers) {
            return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
        }

        Response post(String path, String body, String... headers) {
            return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json"), headers);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.port() + path);
        }
    }

    private Instance instance() {
        return new Instance(Map.of());
    }

    private static Response send(HttpRequest.Builder builder, String... headers) {
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            HttpResponse<String> response = CLIENT.send(builder.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(HttpResponse<String> raw) {
        int status() {
            return raw.statusCode();
        }

        JsonNode json() {
            assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            try {
                return Json.mapper().readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** An error answer: the status, JSON {@code error} code and a detail, and never a stack trace. */
        JsonNode error(int status, String code) {
            assertThat(status()).as(raw.body()).isEqualTo(status);
            JsonNode json = json();
            assertThat(json.get("error").asText()).isEqualTo(code);
            assertThat(json.get("detail").asText()).isNotBlank();
            assertThat(raw.body()).doesNotContain("Exception", "\tat ");
            return json;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Nested
    class Customers {

        @Test
        void areAnsweredWithProfileAndSegmentView() {
            Instance app = instance();
            app.store.active(profile("17850", "champions", "2011-12-05T10:00:00Z", 34, "5391.21"));

            Response response = app.get("/api/customers/17850");

            assertThat(response.status()).isEqualTo(200);
            JsonNode json = response.json();
            assertThat(json.get("customerId").asText()).isEqualTo("17850");
            assertThat(json.get("monetary").decimalValue()).isEqualByComparingTo("5391.21");
            assertThat(json.get("lastPurchase").asText()).isEqualTo("2011-12-05T10:00:00Z");
            assertThat(json.get("recencyDays").asLong()).isEqualTo(4);
            assertThat(json.get("segmentName").asText()).isNotBlank();
            assertThat(json.get("distances").properties()).hasSize(4);
            assertThat(json.get("nextReview").asText()).matches("moves to .+ on \\d{4}-\\d{2}-\\d{2} unless they buy");
            assertThat(json.get("servedBy").asText()).isEqualTo(app.host.toString());
            assertThat(json.get("stale").asBoolean()).isFalse();
            assertThat(json.has("lag")).isFalse();
        }

        @Test
        void evaluateRecencyAtAsOf() {
            Instance app = instance();
            app.store.active(profile("17850", "champions", "2011-12-05T10:00:00Z", 34, "5391.21"));

            JsonNode json = app.get("/api/customers/17850?asOf=2011-12-25T10:00:00Z").json();

            assertThat(json.get("asOf").asText()).isEqualTo("2011-12-25T10:00:00Z");
            assertThat(json.get("recencyDays").asLong()).isEqualTo(20);
        }

        @Test
        void rejectAnAsOfThatIsNotAnInstant() {
            Instance app = instance();

            app.get("/api/customers/17850?asOf=yesterday").error(400, "bad_request");
            app.get("/api/customers/17850?asOf=2011-12-25").error(400, "bad_request");
        }

        @Test
        void thatAreUnknownAre404Json() {
            instance().get("/api/customers/nobody").error(404, "not_found");
        }

        @Test
        void whileRebalancingAre503WithRetryAfter() {
            Instance app = instance();
            app.metadata.everyoneOwnedBy(null).state(KafkaStreams.State.REBALANCING);

            Response response = app.get("/api/customers/17850");

            response.error(503, "unavailable");
            assertThat(response.header("Retry-After")).isEqualTo("1");
        }

        @Test
        void ownedByAnotherInstanceAreForwardedOnceAndAnsweredByIt() {
            Instance owner = instance();
            Instance front = instance();
            owner.store.active(profile("17850", "champions", "2011-12-05T10:00:00Z", 34, "5391.21"));
            KeyOwners owners = new KeyOwners(owner.host, Set.of(), 0);
            owner.metadata.everyoneOwnedBy(owners);
            front.metadata.everyoneOwnedBy(owners);

            Response response = front.get("/api/customers/17850?asOf=2011-12-25T10:00:00Z");

            assertThat(response.status()).isEqualTo(200);
            JsonNode json = response.json();
            assertThat(json.get("servedBy").asText()).isEqualTo(owner.host.toString());
            assertThat(json.get("recencyDays").asLong()).isEqualTo(20);
            assertThat(response.raw().body()).as("passed on byte for byte, money with its 2 decimals")
                    .isEqualTo(owner.get("/api/customers/17850?asOf=2011-12-25T10:00:00Z").raw().body())
                    .contains("\"refunded\":0.00");
        }

        @Test
        void neverLoopBetweenInstancesThatDisagreeAboutTheOwner() {
            Instance a = instance();
            Instance b = instance();
            a.metadata.everyoneOwnedBy(new KeyOwners(b.host, Set.of(), 0));
            b.metadata.everyoneOwnedBy(new KeyOwners(a.host, Set.of(), 0));

            Response response = a.get("/api/customers/17850");

            response.error(503, "unavailable");
            assertThat(response.header("Retry-After")).isEqualTo("1");
        }

        @Test
        void whoseOwnerIsDownAreAnsweredByAStandbyThatSaysSo() {
            int deadPort = freePort();
            Host dead = new Host("127.0.0.1", deadPort);
            Instance standby = instance();
            Instance front = instance();
            standby.store.standby(profile("17850", "champions", "2011-12-05T10:00:00Z", 34, "5391.21"));
            KeyOwners owners = new KeyOwners(dead, Set.of(standby.host), 4);
            standby.metadata.everyoneOwnedBy(owners).localLag(4, 3);
            front.metadata.everyoneOwnedBy(owners);

            Response response = front.get("/api/customers/17850");

            assertThat(response.status()).isEqualTo(200);
            JsonNode json = response.json();
            assertThat(json.get("servedBy").asText()).isEqualTo(standby.host.toString());
            assertThat(json.get("stale").asBoolean()).isTrue();
            assertThat(json.get("lag").asLong()).isEqualTo(3);
        }
    }

    @Nested
    class Segments {

        @Test
        void sumEveryInstancesState() {
            Instance a = instance();
            Instance b = instance();
            a.store.active(profile("a1", "champions", "2011-12-05T12:00:00Z", 30, "5000.00"));
            b.store.active(profile("b1", "champions", "2011-12-07T12:00:00Z", 20, "3000.00"),
                    profile("b2", "lost", "2011-01-09T12:00:00Z", 1, "2000.00"));
            a.metadata.activeHosts(a.host, b.host);
            b.metadata.activeHosts(a.host, b.host);

            JsonNode json = b.get("/api/segments").json();

            assertThat(json.get("totalCustomers").asLong()).isEqualTo(3);
            assertThat(json.get("instances").asInt()).isEqualTo(2);
            JsonNode champions = json.get("segments").get(0);
            assertThat(champions.get("id").asText()).isEqualTo("champions");
            assertThat(champions.get("customers").asLong()).isEqualTo(2);
            assertThat(champions.get("meanRecencyDays").asDouble()).isEqualTo(3.0);
            assertThat(champions.get("revenue").decimalValue()).isEqualByComparingTo("8000.00");
            assertThat(champions.get("revenueShare").asDouble()).isEqualTo(0.8);
        }

        @Test
        void pageTheirCustomersAcrossInstances() {
            Instance a = instance();
            Instance b = instance();
            a.store.active(profile("c1", "champions", "2011-12-05T12:00:00Z", 30, "5000.00"),
                    profile("c4", "champions", "2011-12-05T12:00:00Z", 30, "5000.00"));
            b.store.active(profile("c2", "champions", "2011-12-07T12:00:00Z", 20, "3000.00"),
                    profile("c3", "champions", "2011-12-07T12:00:00Z", 20, "3000.00"),
                    profile("c5", "lost", "2011-01-09T12:00:00Z", 1, "2000.00"));
            a.metadata.activeHosts(a.host, b.host);

            JsonNode first = a.get("/api/segments/champions/customers?limit=3").json();
            JsonNode second = a.get("/api/segments/champions/customers?limit=3&after="
                    + first.get("next").asText()).json();

            assertThat(first.get("customers").findValuesAsText("customerId")).containsExactly("c1", "c2", "c3");
            assertThat(first.get("next").asText()).isEqualTo("c3");
            assertThat(second.get("customers").findValuesAsText("customerId")).containsExactly("c4");
            assertThat(second.get("next").isNull()).isTrue();
        }

        @Test
        void limitPagesTo500() {
            Instance app = instance();

            assertThat(app.get("/api/segments/champions/customers?limit=500").status()).isEqualTo(200);
            app.get("/api/segments/champions/customers?limit=501").error(400, "bad_request");
            app.get("/api/segments/champions/customers?limit=0").error(400, "bad_request");
            app.get("/api/segments/champions/customers?limit=ten").error(400, "bad_request");
        }

        @Test
        void ofAnUnknownSegmentAre404() {
            instance().get("/api/segments/nope/customers").error(404, "not_found");
        }
    }

    @Nested
    class MarketersAnswers {

        private final RfmScoring.Edges edges = new RfmScoring.Edges(List.of(5L, 20L, 60L, 150L),
                List.of(1L, 2L, 4L, 8L), List.of(new java.math.BigDecimal("50.00"),
                        new java.math.BigDecimal("150.00"), new java.math.BigDecimal("400.00"),
                        new java.math.BigDecimal("1000.00")));

        private Instance[] twoInstances() {
            model.set(TestModels.model(7).withRfm(edges));
            Instance a = instance();
            Instance b = instance();
            a.store.rfmEdges(7, edges).active(profile("a1", "champions", "2011-12-05T12:00:00Z", 30, "5000.00"),
                    profile("a,2", "lost", "2011-01-05T12:00:00Z", 1, "20.00"));
            b.store.rfmEdges(7, edges).active(profile("b1", "champions", "2011-12-07T12:00:00Z", 20, "3000.00"),
                    profile("b2", "lost", "2011-01-09T12:00:00Z", 1, "2000.00"));
            a.metadata.activeHosts(a.host, b.host);
            b.metadata.activeHosts(a.host, b.host);
            return new Instance[] {a, b};
        }

        @Test
        void rfmGroupsSumEveryInstance() {
            Instance[] apps = twoInstances();

            JsonNode json = apps[1].get("/api/rfm-groups?asOf=2011-12-09T12:00:00Z").json();

            assertThat(json.get("totalCustomers").asLong()).isEqualTo(4);
            assertThat(json.get("instances").asInt()).isEqualTo(2);
            assertThat(json.get("groups")).hasSize(11);
            JsonNode champions = json.get("groups").get(0);
            assertThat(champions.get("id").asText()).isEqualTo("champions");
            assertThat(champions.get("customers").asLong()).isEqualTo(2); // R 5, F 5, M 5
            assertThat(champions.get("revenueShare").asDouble()).isCloseTo(8000.0 / 10020, within(1e-12));
            assertThat(champions.get("meanR").asDouble()).isEqualTo(5.0);
            JsonNode cantLose = json.get("groups").get(8);
            assertThat(cantLose.get("id").asText()).isEqualTo("cant-lose-them"); // b2: R 1, F 1, M 5 -> FM 3
            assertThat(json.get("groups").get(7).get("customers").asLong()).isEqualTo(1); // at-risk: b2
            assertThat(json.get("grid").get(4).get(4).asLong()).isEqualTo(2);
            apps[0].get("/api/rfm-groups?asOf=yesterday").error(400, "bad_request");
        }

        @Test
        void concentrationSumsEveryInstance() {
            Instance[] apps = twoInstances();

            JsonNode json = apps[0].get("/api/concentration").json();

            assertThat(json.get("customers").asLong()).isEqualTo(4);
            assertThat(json.get("revenue").decimalValue()).isEqualByComparingTo("10020.00");
            assertThat(json.get("top").get(3).get("customerShare").asDouble()).isEqualTo(0.5);
            // the top 2 of 4 customers are exactly two whole buckets: no error
            assertThat(json.get("top").get(3).get("revenueShare").asDouble()).isCloseTo(8000.0 / 10020, within(1e-12));
            assertThat(json.get("headline").asText()).startsWith("The top 20 % of customers bring ");
        }

        @Test
        void theCsvStreamsEveryInstancesCustomers() {
            Instance[] apps = twoInstances();

            Response response = apps[0].get("/api/customers.csv?asOf=2011-12-09T12:00:00Z");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/csv"));
            assertThat(response.raw().headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"customers.csv\"");
            List<String> lines = response.raw().body().lines().toList();
            assertThat(lines.getFirst()).startsWith("customerId,segment,recencyDays,").endsWith(",rfmScore,rfmGroup");
            assertThat(lines).hasSize(5);
            assertThat(lines.get(1)).startsWith("\"a,2\",lost,338,1,20.00,0.00,");
            assertThat(lines.get(2)).startsWith("a1,champions,4,30,5000.00,0.00,");
            assertThat(lines.get(3)).startsWith("b1,champions,2,20,3000.00,0.00,");
            assertThat(lines.get(4)).startsWith("b2,lost,334,1,2000.00,0.00,");
            assertThat(lines.get(2)).endsWith(",5,5,5,555,champions");

            List<String> group = apps[1].get("/api/customers.csv?group=champions").raw().body().lines().toList();
            assertThat(group).hasSize(3);
            List<String> segment = apps[1].get("/api/customers.csv?segment=lost").raw().body().lines().toList();
            assertThat(segment).hasSize(3);
        }

        @Test
        void theCsvRefusesBadParametersWithJson() {
            Instance[] apps = twoInstances();

            apps[0].get("/api/customers.csv?group=vip").error(400, "bad_request");
            apps[0].get("/api/customers.csv?asOf=soon").error(400, "bad_request");
            apps[0].get("/api/customers.csv?segment=nope").error(404, "not_found");
        }
    }

    @Nested
    class Scoring {

        @Test
        void answersSegmentNameActionDistancesAndModelVersion() {
            JsonNode json = instance().post("/api/score", "{\"recency\": 5, \"frequency\": 12, \"monetary\": 400}")
                    .json();

            assertThat(json.get("segment").asText()).isNotBlank();
            assertThat(json.get("name").asText()).isNotBlank();
            assertThat(json.get("action").asText()).isNotBlank();
            assertThat(json.get("distances").properties()).hasSize(4);
            assertThat(json.get("modelVersion").asLong()).isEqualTo(7);
        }

        @Test
        void rejectsMissingNegativeAndNonNumericValuesWithAReason() {
            Instance app = instance();

            assertThat(app.post("/api/score", "{\"recency\": 5, \"frequency\": 12}").error(400, "bad_request")
                    .get("detail").asText()).contains("monetary", "missing");
            assertThat(app.post("/api/score", "{\"recency\": -1, \"frequency\": 12, \"monetary\": 4}")
                    .error(400, "bad_request").get("detail").asText()).contains("recency", "negative");
            assertThat(app.post("/api/score", "{\"recency\": 1, \"frequency\": \"12\", \"monetary\": 4}")
                    .error(400, "bad_request").get("detail").asText()).contains("frequency", "number");
            assertThat(app.post("/api/score", "{\"recency\": 1, \"frequency\": null, \"monetary\": 4}")
                    .error(400, "bad_request").get("detail").asText()).contains("frequency");
            app.post("/api/score", "{\"recency\": 1e999, \"frequency\": 1, \"monetary\": 4}").error(400, "bad_request");
            app.post("/api/score", "not json").error(400, "bad_request");
            app.post("/api/score", "[1, 2, 3]").error(400, "bad_request");
            app.post("/api/score", "").error(400, "bad_request");
        }

        @Test
        void isA503BeforeTheFirstModel() {
            model.set(null);

            Response response = instance().post("/api/score", "{\"recency\": 5, \"frequency\": 12, \"monetary\": 400}");

            response.error(503, "unavailable");
            assertThat(response.header("Retry-After")).isNotNull();
        }

        @Test
        void refusesABodyOverTheLimitWith413() {
            String big = "{\"recency\": 5, \"frequency\": 12, \"monetary\": 400, \"padding\": \"" + "x".repeat(2000)
                    + "\"}";

            instance().post("/api/score", big).error(413, "payload_too_large");
        }
    }

    @Test
    void modelIs404JsonBeforeTheFirstAndTheModelAfter() {
        Instance app = instance();
        model.set(null);
        app.get("/api/model").error(404, "not_found");

        model.set(TestModels.model(9));
        JsonNode json = app.get("/api/model").json();
        assertThat(json.get("version").asLong()).isEqualTo(9);
        assertThat(json.get("segments").get(0).get("id").asText()).isEqualTo("champions");
    }

    @Test
    void unknownRoutesAre404Json() {
        Instance app = instance();

        app.get("/api/nothing-here").error(404, "not_found");
        app.get("/nothing/at/all").error(404, "not_found");
        app.post("/api/customers/17850", "{}").error(404, "not_found");
    }

    @Test
    void extensionRoutesShareTheServerTokenAndKeepTheirOwn404() {
        Instance app = new Instance(Map.of(HttpSettings.API_TOKEN, "s3cret"), config -> {
            config.routes.get("/api/changes/recent", ctx -> ctx.json(List.of("a-change")));
            config.routes.get("/api/changes/{id}", ctx -> ctx.status(404).json(Map.of("error", "not_found",
                    "detail", "no change " + ctx.pathParam("id"))));
        });

        app.get("/api/changes/recent").error(401, "unauthorized");
        assertThat(app.get("/api/changes/recent", "Authorization", "Bearer s3cret").raw().body())
                .isEqualTo("[\"a-change\"]");
        assertThat(app.get("/api/changes/42", "Authorization", "Bearer s3cret").error(404, "not_found")
                .get("detail").asText()).isEqualTo("no change 42");
    }

    @Test
    void theDashboardIsServedAtTheRootWithItsWebjarsAndNeedsNoToken() {
        Instance app = new Instance(Map.of(HttpSettings.API_TOKEN, "s3cret"));

        HttpResponse<String> page = app.get("/").raw();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"(webjars/[^\"]+)\"")
                .matcher(page.body());
        assertThat(script.find()).as("the page loads a webjar").isTrue();
        assertThat(app.get("/" + script.group(1)).status()).isEqualTo(200);
        assertThat(app.get("/app.js").status()).isEqualTo(200);
    }

    @Test
    void theEventStreamAloneTakesTheTokenAsAQueryParameter() {
        Instance app = new Instance(Map.of(HttpSettings.API_TOKEN, "s3cret"), config -> {
            config.routes.get(ChangeFeedRoutes.STREAM_PATH, ctx -> ctx.json(List.of()));
            config.routes.get(ChangeFeedRoutes.RECENT_PATH, ctx -> ctx.json(List.of()));
        });

        assertThat(app.get("/api/changes/stream?access_token=s3cret").status()).isEqualTo(200);
        app.get("/api/changes/stream?access_token=wrong").error(401, "unauthorized");
        app.get("/api/changes/recent?access_token=s3cret").error(401, "unauthorized");
        app.get("/api/model?access_token=s3cret").error(401, "unauthorized");
    }

    @Test
    void healthIsDownOnlyOnceStreamsFailedAndReadinessFollowsStreamsState() {
        Instance app = instance();

        assertThat(app.get("/health").json().get("status").asText()).isEqualTo("UP");
        assertThat(app.get("/ready").status()).isEqualTo(200);

        app.metadata.state(KafkaStreams.State.REBALANCING);
        Response notReady = app.get("/ready");
        notReady.error(503, "unavailable");
        assertThat(notReady.header("Retry-After")).isEqualTo("1");
        assertThat(app.get("/health").status()).isEqualTo(200);

        app.metadata.state(KafkaStreams.State.ERROR);
        Response down = app.get("/health");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(down.json().get("streams").asText()).isEqualTo("ERROR");
    }

    @Nested
    class WithAnApiToken {

        private Instance app() {
            return new Instance(Map.of(HttpSettings.API_TOKEN, "s3cret"));
        }

        @Test
        void apiRoutesNeedTheBearerToken() {
            Instance app = app();

            Response missing = app.get("/api/model");
            missing.error(401, "unauthorized");
            assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
            app.get("/api/model", "Authorization", "Bearer wrong").error(401, "unauthorized");
            app.post("/api/score", "{}").error(401, "unauthorized");
            app.get("/internal/segments/totals").error(401, "unauthorized");

            assertThat(app.get("/api/model", "Authorization", "Bearer s3cret").status()).isEqualTo(200);
        }

        @Test
        void healthReadinessAndMetricsStayOpen() {
            Instance app = app();

            assertThat(app.get("/health").status()).isEqualTo(200);
            assertThat(app.get("/ready").status()).isEqualTo(200);
            assertThat(app.get("/metrics").status()).isEqualTo(200);
        }

        @Test
        void forwardingCarriesTheToken() {
            Instance owner = app();
            Instance front = app();
            owner.store.active(profile("17850", "champions", "2011-12-05T10:00:00Z", 34, "5391.21"));
            KeyOwners owners = new KeyOwners(owner.host, Set.of(), 0);
            owner.metadata.everyoneOwnedBy(owners);
            front.metadata.everyoneOwnedBy(owners);

            Response response = front.get("/api/customers/17850", "Authorization", "Bearer s3cret");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("servedBy").asText()).isEqualTo(owner.host.toString());
        }
    }
}
