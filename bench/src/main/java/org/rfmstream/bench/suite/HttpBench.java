package org.rfmstream.bench.suite;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.rfmstream.bench.BenchException;
import org.rfmstream.bench.BenchOptions;
import org.rfmstream.bench.BenchReport;
import org.rfmstream.bench.Benchmark;
import org.rfmstream.bench.support.BenchBroker;
import org.rfmstream.bench.support.BenchData;
import org.rfmstream.bench.support.StreamsApps;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.StreamsApp;
import org.rfmstream.streams.config.StreamsSettings;
import org.rfmstream.streams.state.StoreNames;

/**
 * The HTTP API under load: two application instances in this JVM (distinct {@code application.server}) over the
 * same generated customers; requests go to the first one, for customers it owns (answered locally) and customers
 * the second owns (forwarded), for {@code /api/segments} and for {@code POST /api/score}. Each route at a fixed
 * request rate (latency counted from the scheduled time) and closed-loop at N concurrent connections (the highest
 * sustained rate).
 */
public final class HttpBench extends Benchmark {

    static final String NAME = "http";
    private static final String SCORE_BODY = "{\"recency\": 5, \"frequency\": 12, \"monetary\": 400}";
    private static final long HIGHEST_MICROS = Duration.ofMinutes(1).toNanos() / 1000;

    private record Route(String name, List<URI> uris, boolean post) {
    }

    public HttpBench() {
        super(NAME,
                "HTTP API latency at a fixed request rate and the highest rate at N concurrent connections, against "
                        + "one of two in-process instances.");
    }

    @Override
    public BenchReport run(BenchOptions options, Progress progress) {
        BenchReport.Builder report = report();
        report.parameter("customers", options.httpCustomers())
                .parameter("fixedRatePerSecond", options.httpRate())
                .parameter("connections", options.httpConnections())
                .parameter("measuredSecondsPerRoute", options.httpDuration().toSeconds())
                .parameter("warmUpSeconds", options.warmUp().toSeconds())
                .parameter("client", "java.net.http.HttpClient (HTTP/1.1), in the same JVM as the servers")
                .parameter("settings", options.settings())
                .parameter("runs", options.runs());
        TopicNames topics = TopicNames.defaults();
        try (BenchBroker broker = BenchBroker.startWithModel(options.workDir().resolve(NAME), topics,
                options.partitions())) {
            long events = BenchData.sendSyntheticPurchases(broker.bootstrapServers(), topics.transactions(), "H",
                    options.httpCustomers());
            Map<TopicPartition, Long> end = broker.endOffsets(topics.transactions());
            int portA = freePort();
            int portB = freePort();
            try (StreamsApp.Running a = StreamsApp.start(settings(broker, options, "a", portA));
                 StreamsApp.Running b = StreamsApp.start(settings(broker, options, "b", portB))) {
                StreamsApps.awaitRunning(a.streams(), Duration.ofMinutes(3));
                StreamsApps.awaitRunning(b.streams(), Duration.ofMinutes(3));
                broker.awaitCommitted("bench-http", topics.transactions(), end,
                        Duration.ofSeconds(Math.max(300, events / 200)), () -> {
                        });
                progress.say("%,d customers processed by two instances", options.httpCustomers());
                String base = "http://127.0.0.1:" + portA;
                List<URI> local = new ArrayList<>();
                List<URI> forwarded = new ArrayList<>();
                for (int c = 0; c < options.httpCustomers() && (local.size() < 1000 || forwarded.size() < 1000); c++) {
                    String id = "H" + c;
                    KeyQueryMetadata owner = a.streams().queryMetadataForKey(StoreNames.PROFILES, id,
                            Serdes.String().serializer());
                    URI uri = URI.create(base + "/api/customers/" + id);
                    (owner.activeHost().port() == portA ? local : forwarded).add(uri);
                }
                if (local.isEmpty() || forwarded.isEmpty()) {
                    throw new BenchException("the two instances do not share the customers (" + local.size()
                            + " local, " + forwarded.size() + " forwarded)");
                }
                List<Route> routes = List.of(
                        new Route("customerLocal", local, false),
                        new Route("customerForwarded", forwarded, false),
                        new Route("segments", List.of(URI.create(base + "/api/segments")), false),
                        new Route("score", List.of(URI.create(base + "/api/score")), true));
                ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .executor(virtual).connectTimeout(Duration.ofSeconds(5)).build()) {
                    for (Route route : routes) {
                        closedLoop(client, route, options.httpConnections(), options.warmUp()); // warm-up
                    }
                    for (int run = 1; run <= options.runs(); run++) {
                        Map<String, Double> figures = new LinkedHashMap<>();
                        for (Route route : routes) {
                            Result fixed = fixedRate(client, route, options.httpRate(), options.httpDuration());
                            Result closed = closedLoop(client, route, options.httpConnections(),
                                    options.httpDuration());
                            put(figures, route.name() + ".fixedRate.", fixed);
                            put(figures, route.name() + ".connections" + options.httpConnections() + ".", closed);
                            progress.say("run %d: %-18s at %,d/s: p50 %.2f ms, p99 %.2f ms; at %d connections: "
                                            + "%,.0f requests/s (p99 %.2f ms), %d errors", run, route.name(),
                                    options.httpRate(), fixed.p50(), fixed.p99(), options.httpConnections(),
                                    closed.rate(), closed.p99(), fixed.errors() + closed.errors());
                        }
                        report.run(figures);
                    }
                } finally {
                    virtual.shutdownNow();
                }
            }
        }
        report.note("Load generator, both instances and the broker share the machine's cores: the closed-loop rate "
                + "is the rate of the whole box, not of the server alone.");
        report.note("Fixed-rate latency counts from each request's scheduled time (open loop, no coordinated "
                + "omission); closed-loop: N virtual threads each sending its next request when the last answer "
                + "arrives.");
        Map<String, Double> median = report.median();
        String closed = ".connections" + options.httpConnections() + ".";
        return report.build(List.of(
                BenchReport.Target.atMost("/api/customers p99 ≤ 5 ms (local)", "customerLocal.fixedRate.p99Ms", 5,
                        median, "ms"),
                BenchReport.Target.atMost("/api/customers p99 ≤ 15 ms (forwarded)",
                        "customerForwarded.fixedRate.p99Ms", 15, median, "ms"),
                BenchReport.Target.atLeast("/api/score ≥ 19,000 requests/s at 8 connections",
                        "score" + closed + "requestsPerSecond", 19_000, median, "requests/s")));
    }

    private record Result(double rate, double p50, double p99, double p999, long errors) {
    }

    private static void put(Map<String, Double> figures, String prefix, Result result) {
        figures.put(prefix + "requestsPerSecond", result.rate());
        figures.put(prefix + "p50Ms", result.p50());
        figures.put(prefix + "p99Ms", result.p99());
        figures.put(prefix + "p999Ms", result.p999());
        figures.put(prefix + "errors", (double) result.errors());
    }

    private static HttpRequest request(Route route, int index) {
        URI uri = route.uris().get(index % route.uris().size());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        return route.post() ? builder.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SCORE_BODY)).build() : builder.GET().build();
    }

    /** Open loop: a request every 1/rate seconds whatever the answers do. */
    private static Result fixedRate(HttpClient client, Route route, int rate, Duration duration) {
        Histogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long interval = 1_000_000_000L / rate;
        long total = rate * duration.toSeconds();
        SplittableRandom random = new SplittableRandom(rate);
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            pending.add(client.sendAsync(request(route, random.nextInt(1 << 20)), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        histogram.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - due) / 1000));
                        if (error != null || response.statusCode() >= 300) {
                            errors.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        return result(histogram, total / seconds, errors.get());
    }

    /** Closed loop: {@code connections} senders, each waiting for its answer before the next request. */
    private static Result closedLoop(HttpClient client, Route route, int connections, Duration duration) {
        Histogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int seed = c;
            senders.add(Thread.ofVirtual().start(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                while (System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = client.send(request(route, random.nextInt(1 << 20)),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() >= 300) {
                            errors.incrementAndGet();
                        }
                    } catch (java.io.IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    histogram.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - sent) / 1000));
                    completed.incrementAndGet();
                }
            }));
        }
        for (Thread sender : senders) {
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted", e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return result(histogram, completed.get() / seconds, errors.get());
    }

    private static Result result(Histogram histogram, double rate, long errors) {
        return new Result(rate, histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getValueAtPercentile(99.9) / 1000.0, errors);
    }

    private static Settings settings(BenchBroker broker, BenchOptions options, String instance, int port) {
        Map<String, String> values = new HashMap<>(options.settings());
        values.put(Settings.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        values.put(Settings.APPLICATION_ID, "bench-http");
        values.put(Settings.STATE_DIR, broker.stateDir("http-" + instance).toString());
        values.put(Settings.HTTP_PORT, String.valueOf(port));
        values.put(Settings.APPLICATION_SERVER, "127.0.0.1:" + port);
        values.put(StreamsSettings.COMMIT_INTERVAL, options.commitInterval().toString());
        return Settings.of(values);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new BenchException("cannot find a free port: " + e.getMessage(), e);
        }
    }
}
