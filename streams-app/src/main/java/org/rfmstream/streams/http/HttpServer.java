package org.rfmstream.streams.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.rfmstream.schemas.Json;
import org.rfmstream.streams.http.ApiResponse.ApiError;
import org.rfmstream.streams.query.Answer;
import org.rfmstream.streams.query.MarketingQueries;
import org.rfmstream.streams.query.PeerClient;
import org.rfmstream.streams.query.QueryService;
import org.rfmstream.streams.query.RawJson;
import org.rfmstream.streams.query.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of one streams-app instance, on Javalin: thin routes over {@link QueryService}, JSON errors for
 * everything that fails, the optional bearer token, request limits, {@code /metrics} and the request timer.
 * {@code /} and the other static paths are the dashboard's, served from the classpath folder {@code /public} (and
 * {@code /webjars/*}) when it exists.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 500;
    /** The largest page one instance asks another for while streaming the CSV. */
    public static final int MAX_CSV_PAGE = 10_000;

    private static final String JSON = "application/json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String ANSWERED = "rfm.answered";
    private static final String REQUEST_TIMER = "http.server.requests";
    private static final String STATIC_FOLDER = "/public";

    private final HttpSettings settings;
    private final QueryService queries;
    private final PrometheusMeterRegistry registry;
    private final ObjectWriter writer = Json.mapper().writer();
    private final byte[] expectedAuthorization;
    private final Consumer<JavalinConfig> extensions;
    private final Map<TimerKey, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Javalin app;

    /**
     * @param registry the process's one registry ({@link MeterRegistries#prometheus()}), exposed at /metrics
     */
    public HttpServer(HttpSettings settings, QueryService queries, PrometheusMeterRegistry registry) {
        this(settings, queries, registry, config -> { });
    }

    /**
     * @param extensions more routes on the same server (e.g. the live change feed), added after this API's own;
     *                   they share its bearer token on {@code /api/*}, its limits and its JSON error answers
     */
    public HttpServer(HttpSettings settings, QueryService queries, PrometheusMeterRegistry registry,
                      Consumer<JavalinConfig> extensions) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.extensions = Objects.requireNonNull(extensions, "extensions");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.expectedAuthorization = settings.apiToken() == null ? null
                : ("Bearer " + settings.apiToken()).getBytes(StandardCharsets.UTF_8);
        this.app = Javalin.create(this::configure);
    }

    /** Starts listening on the configured port (0: a free one, see {@link #port()}). */
    public HttpServer start() {
        app.start(settings.port());
        LOG.info("HTTP API on port {} as {}{}", app.port(), settings.applicationServer(),
                settings.apiToken() == null ? "" : " (bearer token required for /api)");
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = settings.maxRequestBytes();
        config.http.defaultContentType = JSON;
        config.router.ignoreTrailingSlashes = true;
        config.jsonMapper(new JavalinJackson(Json.mapper(), false));
        // errors Jetty raises before any route runs (URI too long, bad path, malformed request) answer in JSON too
        config.jetty.modifyServer(server -> server.setErrorHandler(JsonErrorPages.forServer()));
        config.jetty.modifyServletContextHandler(context ->
                context.setErrorHandler(JsonErrorPages.forServletContext()));
        config.requestLogger.http(this::recordRequest);
        if (HttpServer.class.getResource(STATIC_FOLDER) != null) {
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = STATIC_FOLDER;
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
        }

        var routes = config.routes;
        routes.before("/api/*", this::authorize);
        routes.before("/internal/*", this::authorize);

        routes.get(ApiPaths.HEALTH, this::health);
        routes.get(ApiPaths.READY, this::ready);
        routes.get(ApiPaths.METRICS, this::metrics);

        routes.get(ApiPaths.CUSTOMER, ctx -> answer(ctx, queries.customer(ctx.pathParam("id"),
                asOf(ctx), ctx.header(PeerClient.FORWARDED_HEADER) != null)));
        routes.get(ApiPaths.SEGMENTS, ctx -> answer(ctx, queries.segments(asOf(ctx))));
        routes.get(ApiPaths.SEGMENT_CUSTOMERS, ctx -> answer(ctx, queries.segmentCustomers(ctx.pathParam("id"),
                after(ctx), limit(ctx))));
        routes.get(ApiPaths.MODEL, ctx -> answer(ctx, queries.model()));
        routes.post(ApiPaths.SCORE, this::score);

        routes.get(ApiPaths.RFM_GROUPS, ctx -> answer(ctx, queries.marketing().rfmGroups(asOf(ctx))));
        routes.get(ApiPaths.CONCENTRATION, ctx -> answer(ctx, queries.marketing().concentration()));
        routes.get(ApiPaths.CUSTOMERS_CSV, this::customersCsv);

        routes.get(ApiPaths.INTERNAL_SEGMENT_TOTALS, ctx -> answer(ctx, queries.localSegmentStats()));
        routes.get(ApiPaths.INTERNAL_SEGMENT_CUSTOMERS, ctx -> answer(ctx, queries.localSegmentPage(
                ctx.pathParam("id"), after(ctx), limit(ctx, MAX_CSV_PAGE))));
        routes.get(ApiPaths.INTERNAL_MARKETING_TOTALS, ctx -> answer(ctx, queries.marketing().localTotals(
                asOf(ctx))));
        routes.get(ApiPaths.INTERNAL_CUSTOMERS, ctx -> answer(ctx, queries.marketing().localCustomerPage(
                after(ctx), limit(ctx, MAX_CSV_PAGE))));

        routes.exception(ApiException.class, (e, ctx) -> respond(ctx, new ApiResponse(e.status(), e.body(), 0)));
        routes.exception(HttpResponseException.class, this::javalinError);
        routes.exception(StoreUnavailableException.class, (e, ctx) -> respond(ctx,
                ApiResponse.unavailable(e.getMessage(), settings.retryAfterSeconds())));
        routes.exception(InvalidStateStoreException.class, (e, ctx) -> respond(ctx,
                ApiResponse.unavailable("The local state is not queryable right now: " + e.getMessage(),
                        settings.retryAfterSeconds())));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
            respond(ctx, ApiResponse.error(500, ApiError.INTERNAL, "The request failed unexpectedly; the "
                    + "server log has the details."));
        });
        extensions.accept(config);
        routes.error(404, ctx -> {
            // only when no route answered: a route's own 404 body stays
            if (ctx.attribute(ANSWERED) == null && ctx.endpoints().matchedHttpEndpoint() == null) {
                respond(ctx, ApiResponse.notFound("No route " + ctx.method() + " " + ctx.path() + "."));
            }
        });
    }

    // ---- routes ---------------------------------------------------------------------------------------------

    private void score(Context ctx) throws IOException {
        int length = ctx.contentLength();
        if (length > settings.maxRequestBytes()) {
            throw tooLarge();
        }
        // with a declared length, read exactly that (the hot path); otherwise Javalin reads and bounds it
        byte[] body = length >= 0 ? ctx.req().getInputStream().readNBytes(length) : ctx.bodyAsBytes();
        ScoreRequest request = ScoreRequest.parse(body);
        answer(ctx, queries.score(request.recency(), request.frequency(), request.monetary(), request.age()));
    }

    /** Liveness: DOWN (503) once Kafka Streams failed or has no live stream thread, so the process is restarted. */
    private void health(Context ctx) {
        String streams = queries.state();
        respond(ctx, queries.live() ? ApiResponse.ok(new Status("UP", streams))
                : new ApiResponse(503, new Status("DOWN", streams), 0));
    }

    /**
     * Streams the CSV straight to the client: the status and headers go first, then the rows page by page. Should an
     * instance stop answering midway, the connection is cut off so the download fails instead of looking complete.
     */
    private void customersCsv(Context ctx) throws IOException {
        String segment = blankToNull(ctx.queryParam("segment"));
        String group = blankToNull(ctx.queryParam("group"));
        Instant asOf = asOf(ctx);
        Answer refusal;
        try {
            refusal = queries.marketing().checkCsv(segment, group);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (refusal != null) {
            answer(ctx, refusal);
            return;
        }
        MarketingQueries.CsvExport export;
        try {
            export = queries.marketing().openCsv(segment, group, asOf); // every instance's first page
        } catch (RuntimeException e) {
            respond(ctx, ApiResponse.unavailable("The customers cannot be exported right now: " + e.getMessage(),
                    settings.retryAfterSeconds()));
            return;
        }
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(200);
        ctx.contentType("text/csv; charset=utf-8");
        String name = "customers" + (segment == null ? "" : "-" + segment) + (group == null ? "" : "-" + group);
        ctx.header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_")
                + ".csv\"");
        try {
            long written = export.writeTo(ctx.res().getOutputStream(), () -> ctx.res().flushBuffer());
            LOG.debug("Streamed {} customers as CSV", written);
        } catch (RuntimeException e) {
            // the status is sent already: cut the connection (no final chunk), so the client sees a failed download
            LOG.warn("The CSV export stopped midway: {}", e.getMessage());
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private void ready(Context ctx) {
        if (queries.ready()) {
            respond(ctx, ApiResponse.ok(new Status("READY", queries.state())));
        } else {
            respond(ctx, ApiResponse.unavailable("Kafka Streams is " + queries.state()
                    + " or the local stores are not queryable yet.", settings.retryAfterSeconds()));
        }
    }

    private void metrics(Context ctx) {
        ctx.contentType(PROMETHEUS_TEXT);
        ctx.result(registry.scrape());
    }

    /** {@code /health} and {@code /ready}'s body. */
    record Status(String status, String streams) {
    }

    // ---- parameters -----------------------------------------------------------------------------------------

    private static Instant asOf(Context ctx) {
        String value = ctx.queryParam("asOf");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("asOf must be an ISO-8601 instant such as 2011-12-09T12:50:00Z, but is '"
                    + value + "'.");
        }
    }

    private static String after(Context ctx) {
        String value = ctx.queryParam("after");
        return value == null || value.isEmpty() ? null : value;
    }

    private static int limit(Context ctx) {
        return limit(ctx, MAX_PAGE_SIZE);
    }

    private static int limit(Context ctx, int max) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a whole number between 1 and " + max + ", but is '"
                    + value + "'.");
        }
        if (limit < 1 || limit > max) {
            throw ApiException.badRequest("limit must be between 1 and " + max + ", but is " + limit + ".");
        }
        return limit;
    }

    // ---- cross-cutting --------------------------------------------------------------------------------------

    private void authorize(Context ctx) {
        if (expectedAuthorization == null) {
            return;
        }
        String given = ctx.header("Authorization");
        if (given == null && ctx.path().equals(ChangeFeedRoutes.STREAM_PATH)) {
            // a browser's EventSource cannot send headers: the event stream alone takes ?access_token=
            String token = ctx.queryParam("access_token");
            given = token == null ? null : "Bearer " + token;
        }
        if (given == null || !MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, ApiError.UNAUTHORIZED, given == null
                    ? "This API needs the header 'Authorization: Bearer <API_TOKEN>'."
                    : "The bearer token is not valid.");
        }
    }

    private void javalinError(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        ApiResponse response = switch (status) {
            case 413 -> new ApiResponse(413, tooLarge().body(), 0);
            case 404 -> ApiResponse.notFound("No route " + ctx.method() + " " + ctx.path() + ".");
            case 405 -> ApiResponse.error(405, "method_not_allowed", "Method " + ctx.method() + " is not allowed on "
                    + ctx.path() + ".");
            case 400 -> ApiResponse.error(400, ApiError.BAD_REQUEST, e.getMessage());
            default -> ApiResponse.error(status, "http_" + status, e.getMessage());
        };
        respond(ctx, response);
    }

    private ApiException tooLarge() {
        return new ApiException(413, ApiError.PAYLOAD_TOO_LARGE, "The request body is larger than "
                + settings.maxRequestBytes() + " bytes.");
    }

    private void answer(Context ctx, Answer answer) {
        respond(ctx, ApiResponse.of(answer));
    }

    private void respond(Context ctx, ApiResponse response) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(response.status());
        if (response.status() == 503 && response.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(response.retryAfterSeconds()));
        }
        ctx.contentType(JSON);
        try {
            ctx.result(response.body() instanceof RawJson raw ? raw.bytes()
                    : writer.writeValueAsBytes(response.body()));
        } catch (JsonProcessingException e) {
            LOG.error("Cannot write the answer to {} {} as JSON", ctx.method(), ctx.path(), e);
            ctx.status(500);
            ctx.result("{\"error\":\"internal_error\",\"detail\":\"The answer could not be written.\"}");
        }
    }

    /** Latency of every request by route template (never the raw path, which would be unbounded). */
    private void recordRequest(Context ctx, Float millis) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        String uri = endpoint != null ? endpoint.path : ctx.statusCode() == 404 ? "NOT_FOUND" : "UNMATCHED";
        String method = ctx.method().name();
        int status = ctx.statusCode();
        requestTimers.computeIfAbsent(new TimerKey(method, uri, status), key -> Timer.builder(REQUEST_TIMER)
                        .description("HTTP requests answered by the streams-app API")
                        .tag("method", key.method())
                        .tag("uri", key.uri())
                        .tag("status", Integer.toString(key.status()))
                        .register(registry))
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private record TimerKey(String method, String uri, int status) {
    }
}
