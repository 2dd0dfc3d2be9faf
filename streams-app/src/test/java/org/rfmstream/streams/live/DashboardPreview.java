package org.rfmstream.streams.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rfmstream.streams.http.ChangeFeedRoutes;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.Rfm;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;

/**
 * The dashboard over a fake API, to look at it without Kafka: the real static files and webjars from the
 * classpath, the real live-feed routes fed with made-up changes, and {@code /api/*} answers shaped like the
 * streams-app's, computed from a seeded population scored with the real {@link SegmentScorer}.
 *
 * <p>{@code java ... DashboardPreview [port] [--waiting]}; {@code --waiting} plays a service without a model.
 */
public final class DashboardPreview implements AutoCloseable {

    static final Instant AS_OF = Instant.parse("2011-12-09T12:50:00Z");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** A kind of customer the population is drawn from: typical recency, frequency and spend. */
    private record Archetype(String id, String name, String action, double share, double recency, double frequency,
                             double monetary) {
    }

    private static final List<Archetype> ARCHETYPES = List.of(
            new Archetype("champions", "Champions", "VIP offers and early access", 0.11, 6, 24, 4800),
            new Archetype("loyal", "Loyal", "Loyalty rewards and upsell", 0.19, 25, 9, 1650),
            new Archetype("new-customers", "New Customers", "Onboarding series and second-purchase coupon",
                    0.14, 12, 1.3, 210),
            new Archetype("need-attention", "Need Attention", "Personalised recommendations", 0.2, 70, 3.5, 620),
            new Archetype("at-risk", "At Risk", "Win-back offer before they lapse", 0.16, 170, 5, 980),
            new Archetype("lost", "Lost", "Low-cost reactivation, or stop spending on them", 0.2, 290, 1.4, 190));

    private final boolean waiting;
    private final Random random = new Random(42);
    private final SegmentModel model;
    private final SegmentScorer scorer;
    private final NavigableMap<String, CustomerProfile> customers = new TreeMap<>();
    private final ChangeBroadcaster broadcaster = new ChangeBroadcaster(200, 256);
    private final ScheduledExecutorService changes = Executors.newSingleThreadScheduledExecutor();
    private final Javalin app;
    private ChangeFeedRoutes feedRoutes;

    public DashboardPreview(boolean waiting) {
        this.waiting = waiting;
        List<double[]> population = new ArrayList<>();
        List<Integer> kinds = new ArrayList<>();
        for (int i = 0; i < 2600; i++) {
            int kind = drawArchetype();
            Archetype a = ARCHETYPES.get(kind);
            population.add(new double[] {
                    Math.max(0, Math.round(a.recency() * Math.exp(random.nextGaussian() * 0.55))),
                    Math.max(1, Math.round(a.frequency() * Math.exp(random.nextGaussian() * 0.45))),
                    Math.max(3, a.monetary() * Math.exp(random.nextGaussian() * 0.5))});
            kinds.add(kind);
        }
        this.model = fit(population, kinds);
        this.scorer = SegmentScorer.of(model);
        for (int i = 0; i < population.size(); i++) {
            double[] rfm = population.get(i);
            String id = Integer.toString(12346 + i * 3);
            customers.put(id, profile(id, (long) rfm[0], (long) rfm[1], BigDecimal.valueOf(rfm[2])));
        }
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            feedRoutes = ChangeFeedRoutes.register(config.routes, broadcaster);
            config.routes.get("/api/model", this::model);
            config.routes.get("/api/segments", this::segments);
            config.routes.get("/api/segments/{id}/customers", this::segmentCustomers);
            config.routes.get("/api/customers/{id}", this::customer);
            config.routes.post("/api/score", this::score);
        });
    }

    public static void main(String[] args) {
        int port = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 0;
        boolean waiting = List.of(args).contains("--waiting");
        DashboardPreview preview = new DashboardPreview(waiting).start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(preview::close));
        System.out.println("Dashboard preview on http://localhost:" + preview.port() + "/");
    }

    public DashboardPreview start(int port) {
        app.start(port);
        // without a model nothing changes segment; with one: some history, then a change every second or two
        if (!waiting) {
            for (int i = 0; i < 14; i++) {
                publishChange();
            }
            changes.scheduleWithFixedDelay(this::publishChange, 1500, 1700, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    public CustomerProfile anyCustomer() {
        return customers.firstEntry().getValue();
    }

    @Override
    public void close() {
        changes.shutdownNow();
        broadcaster.close();
        app.stop();
    }

    // ---- the population and its model ------------------------------------------------------------------

    private int drawArchetype() {
        double r = random.nextDouble();
        for (int k = 0; k < ARCHETYPES.size(); k++) {
            r -= ARCHETYPES.get(k).share();
            if (r <= 0) {
                return k;
            }
        }
        return ARCHETYPES.size() - 1;
    }

    /** Scaler over the whole population, one centroid per archetype: what the trainer would find. */
    private static SegmentModel fit(List<double[]> population, List<Integer> kinds) {
        double[] mean = new double[3];
        double[] std = new double[3];
        for (double[] p : population) {
            for (int f = 0; f < 3; f++) {
                mean[f] += Math.log1p(p[f]) / population.size();
            }
        }
        for (double[] p : population) {
            for (int f = 0; f < 3; f++) {
                std[f] += Math.pow(Math.log1p(p[f]) - mean[f], 2) / population.size();
            }
        }
        for (int f = 0; f < 3; f++) {
            std[f] = Math.sqrt(std[f]);
        }
        List<SegmentModel.Segment> segments = new ArrayList<>();
        for (int k = 0; k < ARCHETYPES.size(); k++) {
            double[] centroid = new double[3];
            double[] business = new double[3];
            int size = 0;
            for (int i = 0; i < population.size(); i++) {
                if (kinds.get(i) == k) {
                    size++;
                    for (int f = 0; f < 3; f++) {
                        centroid[f] += (Math.log1p(population.get(i)[f]) - mean[f]) / std[f];
                        business[f] += population.get(i)[f];
                    }
                }
            }
            for (int f = 0; f < 3; f++) {
                centroid[f] /= size;
                business[f] /= size;
            }
            Archetype a = ARCHETYPES.get(k);
            segments.add(new SegmentModel.Segment(a.id(), a.name(), a.action(), centroid, size,
                    new SegmentModel.SegmentMean(business[0], business[1], business[2])));
        }
        List<SegmentModel.Candidate> candidates = List.of(
                new SegmentModel.Candidate(2, 0.41, 4980.7), new SegmentModel.Candidate(3, 0.44, 3320.4),
                new SegmentModel.Candidate(4, 0.47, 2410.9), new SegmentModel.Candidate(5, 0.49, 1930.2),
                new SegmentModel.Candidate(6, 0.52, 1612.8), new SegmentModel.Candidate(7, 0.46, 1498.3),
                new SegmentModel.Candidate(8, 0.43, 1410.6));
        return new SegmentModel(SegmentModel.DEFAULT_NAME, 7, Instant.now().minus(Duration.ofMinutes(3)), AS_OF,
                SegmentModel.FEATURES, SegmentModel.TRANSFORM_LOG1P, new SegmentModel.Scaler(mean, std), segments,
                new SegmentModel.Quality(6, 0.52, 1612.8, candidates, population.size()), population.size());
    }

    private CustomerProfile profile(String id, long recency, long frequency, BigDecimal monetary) {
        Instant last = AS_OF.minus(Duration.ofDays(recency)).minus(Duration.ofMinutes(random.nextInt(600)));
        Instant first = last.minus(Duration.ofDays(frequency * (10 + random.nextInt(20))));
        BigDecimal money = monetary.setScale(2, RoundingMode.HALF_UP);
        BigDecimal refunded = random.nextInt(8) == 0 ? money.multiply(BigDecimal.valueOf(0.04)).setScale(2,
                RoundingMode.HALF_UP) : BigDecimal.ZERO.setScale(2);
        String segment = scorer.nearest(new Rfm(recency, frequency, money)).id();
        return new CustomerProfile(id, first, last, frequency, money, refunded, segment,
                last.minus(Duration.ofDays(random.nextInt(40))), model.version(),
                scorer.nextReviewAt(last, frequency, money, AS_OF), last);
    }

    private void publishChange() {
        List<CustomerProfile> all = List.copyOf(customers.values());
        CustomerProfile customer = all.get(random.nextInt(all.size()));
        int roll = random.nextInt(10);
        ChangeReason reason = roll < 5 ? ChangeReason.PURCHASE : roll < 8 ? ChangeReason.INACTIVITY
                : roll < 9 ? ChangeReason.REFUND : ChangeReason.MODEL_UPDATE;
        String to = ARCHETYPES.get(random.nextInt(ARCHETYPES.size())).id();
        if (to.equals(customer.segment())) {
            to = "loyal".equals(to) ? "champions" : "loyal";
        }
        broadcaster.publish(new SegmentChange(customer.customerId(), customer.segment(), to, reason, Instant.now(),
                model.version(), reason == ChangeReason.PURCHASE ? "inv-" + random.nextInt(900000) : null,
                customer.rfm(AS_OF)));
    }

    // ---- the fake API -------------------------------------------------------------------------------------

    private void model(Context ctx) {
        if (waiting) {
            error(ctx, 404, "not_found", "No segment model has been published yet.");
            return;
        }
        json(ctx, model);
    }

    private void segments(Context ctx) {
        Map<String, List<CustomerProfile>> bySegment = new LinkedHashMap<>();
        if (!waiting) {
            model.segments().forEach(segment -> bySegment.put(segment.id(), new ArrayList<>()));
        }
        for (CustomerProfile profile : customers.values()) {
            bySegment.computeIfAbsent(waiting ? "unassigned" : profile.segment(), id -> new ArrayList<>())
                    .add(profile);
        }
        BigDecimal totalRevenue = customers.values().stream().map(CustomerProfile::monetary)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        List<Map<String, Object>> rows = new ArrayList<>();
        bySegment.forEach((id, members) -> {
            BigDecimal revenue = members.stream().map(CustomerProfile::monetary).reduce(BigDecimal.ZERO, BigDecimal::add);
            SegmentModel.Segment segment = model.segments().stream().filter(s -> s.id().equals(id)).findFirst()
                    .orElse(null);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("name", segment == null ? null : segment.name());
            row.put("action", segment == null ? null : segment.action());
            row.put("inModel", segment != null && !waiting);
            row.put("customers", members.size());
            row.put("customerShare", (double) members.size() / customers.size());
            row.put("meanRecencyDays", members.stream().mapToLong(p -> p.recencyDays(AS_OF)).average().orElse(0));
            row.put("meanFrequency", members.stream().mapToLong(CustomerProfile::frequency).average().orElse(0));
            row.put("meanMonetary", members.isEmpty() ? BigDecimal.ZERO
                    : revenue.divide(BigDecimal.valueOf(members.size()), 2, RoundingMode.HALF_UP));
            row.put("revenue", revenue);
            row.put("revenueShare", revenue.doubleValue() / totalRevenue.doubleValue());
            rows.add(row);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelVersion", waiting ? null : model.version());
        body.put("asOf", AS_OF);
        body.put("totalCustomers", customers.size());
        body.put("totalRevenue", totalRevenue);
        body.put("instances", 1);
        body.put("segments", rows);
        json(ctx, body);
    }

    private void segmentCustomers(Context ctx) {
        String segment = ctx.pathParam("id");
        String limitParam = ctx.queryParam("limit");
        int limit = limitParam == null ? 50 : Integer.parseInt(limitParam);
        String after = ctx.queryParam("after");
        List<CustomerProfile> page = (after == null ? customers : customers.tailMap(after, false)).values().stream()
                .filter(p -> segment.equals(p.segment()))
                .limit(limit)
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("segment", segment);
        body.put("limit", limit);
        body.put("after", after);
        body.put("customers", page);
        body.put("next", page.size() < limit ? null : page.getLast().customerId());
        json(ctx, body);
    }

    private void customer(Context ctx) {
        CustomerProfile profile = customers.get(ctx.pathParam("id"));
        if (profile == null) {
            error(ctx, 404, "not_found", "No customer " + ctx.pathParam("id") + ".");
            return;
        }
        Rfm rfm = profile.rfm(AS_OF);
        SegmentScorer.Assignment assignment = scorer.score(rfm);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", profile.customerId());
        body.put("firstPurchase", profile.firstPurchase());
        body.put("lastPurchase", profile.lastPurchase());
        body.put("frequency", profile.frequency());
        body.put("monetary", profile.monetary());
        body.put("refunded", profile.refunded());
        body.put("assignedSegment", profile.segment());
        body.put("segmentSince", profile.segmentSince());
        body.put("updatedAt", profile.updatedAt());
        body.put("asOf", AS_OF);
        body.put("recencyDays", rfm.recencyDays());
        body.put("segment", assignment.segment().id());
        body.put("segmentName", assignment.segment().name());
        body.put("action", assignment.segment().action());
        body.put("distances", distances(assignment.distances()));
        body.put("modelVersion", model.version());
        body.put("nextReviewAt", profile.nextReviewAt());
        body.put("nextReview", nextReview(profile));
        body.put("servedBy", "localhost:" + port());
        body.put("stale", false);
        json(ctx, body);
    }

    private String nextReview(CustomerProfile profile) {
        if (profile.nextReviewAt() == null) {
            return "Stays in " + scorer.nearest(profile.rfm(AS_OF)).name() + " even if they stop buying.";
        }
        SegmentModel.Segment then = scorer.nearest(profile.rfm(profile.nextReviewAt()));
        return "Moves to " + then.name() + " on " + DAY.format(profile.nextReviewAt()) + " unless they buy.";
    }

    private void score(Context ctx) throws Exception {
        if (waiting) {
            ctx.header("Retry-After", "5");
            error(ctx, 503, "unavailable", "No segment model has been published yet.");
            return;
        }
        JsonNode body = Json.mapper().readTree(ctx.body());
        for (String field : List.of("recency", "frequency", "monetary")) {
            JsonNode value = body == null ? null : body.get(field);
            if (value == null || !value.isNumber() || value.asDouble() < 0) {
                error(ctx, 400, "bad_request", field + " must be a number of 0 or more.");
                return;
            }
        }
        double[] point = scorer.point(body.get("recency").asDouble(), body.get("frequency").asDouble(),
                body.get("monetary").asDouble());
        SegmentModel.Segment segment = model.segments().get(scorer.nearestIndex(point));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("segment", segment.id());
        answer.put("name", segment.name());
        answer.put("action", segment.action());
        answer.put("distances", distances(scorer.distances(point)));
        answer.put("modelVersion", model.version());
        json(ctx, answer);
    }

    private Map<String, Double> distances(double[] distances) {
        Map<String, Double> byId = new LinkedHashMap<>();
        for (int s = 0; s < distances.length; s++) {
            byId.put(model.segments().get(s).id(), Math.round(distances[s] * 1000) / 1000.0);
        }
        return byId;
    }

    private static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.toString(body));
    }

    private static void error(Context ctx, int status, String error, String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        ctx.status(status);
        json(ctx, body);
    }
}
