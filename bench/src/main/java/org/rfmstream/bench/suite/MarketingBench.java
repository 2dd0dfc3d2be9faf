package org.rfmstream.bench.suite;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rfmstream.bench.BenchReport;
import org.rfmstream.bench.Benchmark;
import org.rfmstream.bench.BenchOptions;
import org.rfmstream.bench.support.BenchData;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.query.Answer;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.KeyOwners;
import org.rfmstream.streams.query.LocalCustomerStore;
import org.rfmstream.streams.query.MarketingTotalsReport;
import org.rfmstream.streams.query.MetadataSource;
import org.rfmstream.streams.query.PeerClient;
import org.rfmstream.streams.query.QueryService;
import org.rfmstream.streams.state.CustomerState;
import org.rfmstream.streams.state.MarketingTotals;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.streams.state.StoreNames;
import org.rfmstream.streams.topology.SegmentationTopology;

/**
 * The marketer's answers over one instance holding N customers, kept by the real topology in Kafka's
 * TopologyTestDriver (no broker): the cost of {@code /api/rfm-groups} and {@code /api/concentration} from the
 * per-task totals (no scan), and the CSV export of every customer, with the heap it needs above the idle baseline.
 * The query layer's own code runs ({@code QueryService}); HTTP and JSON writing are not included.
 */
public final class MarketingBench extends Benchmark {

    static final String NAME = "marketing";
    private static final Instant HISTORY_START = Instant.parse("2011-01-01T00:00:00Z");
    private static final Instant WALL_CLOCK_START = Instant.parse("2030-01-01T00:00:00Z");
    private static final int QUERY_REPEATS = 21;
    /** Quintile-like edges for the synthetic shop (the trainer would compute them from the data). */
    static final RfmScoring.Edges EDGES = new RfmScoring.Edges(List.of(30L, 90L, 180L, 270L),
            List.of(1L, 1L, 2L, 2L), List.of(new BigDecimal("40.00"), new BigDecimal("120.00"),
                    new BigDecimal("400.00"), new BigDecimal("1500.00")));

    public MarketingBench() {
        super(NAME, "The marketer's answers over N customers in the topology's state (TopologyTestDriver, one "
                + "instance): /api/rfm-groups and /api/concentration from the per-task totals, and the CSV export "
                + "of every customer with its heap high-water mark above the idle baseline.");
    }

    @Override
    public BenchReport run(BenchOptions options, Progress progress) {
        int customers = options.marketingCustomers();
        BenchReport.Builder report = report();
        report.parameter("customers", customers)
                .parameter("purchasesPerCustomer", "1, every 4th customer 2")
                .parameter("historyDays", 365)
                .parameter("queryRepeats", QUERY_REPEATS)
                .parameter("runs", options.runs());
        Path stateDir = options.workDir().resolve(NAME);
        SegmentModel model = BenchData.model(1).withRfm(EDGES);
        TopicNames topics = TopicNames.defaults();
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-marketing");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        SegmentationMetrics metrics = new SegmentationMetrics(new SimpleMeterRegistry());
        try (TopologyTestDriver driver = new TopologyTestDriver(SegmentationTopology.build(
                SegmentationOptions.defaults(), metrics), properties, WALL_CLOCK_START)) {
            driver.createInputTopic(topics.segmentModels(), new StringSerializer(), new ByteArraySerializer())
                    .pipeInput(model.name(), Json.toBytes(model));
            long events = fill(driver, topics, customers, progress);
            report.parameter("events", events);
            Instant asOf = HISTORY_START.plus(Duration.ofDays(366));
            DriverStore store = new DriverStore(driver);
            QueryService queries = new QueryService(new OneInstance(), store, () -> Optional.of(model),
                    new NoPeers(), () -> asOf, QueryService.Options.defaults());
            int entries = store.marketingEntries();
            report.parameter("marketingStoreEntries", entries);
            for (int run = 1; run <= options.runs(); run++) {
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("rfmGroups.millis", medianMillis(() -> require(queries.marketing().rfmGroups(asOf))));
                figures.put("concentration.millis", medianMillis(() -> require(queries.marketing().concentration())));
                figures.put("scanForComparison.millis", medianMillis(store::scanAllProfiles, 3));
                csv(queries, asOf, figures);
                progress.say("run %d: rfm-groups %.2f ms, concentration %.2f ms, CSV %,.0f rows/s, heap +%.1f MB",
                        run, figures.get("rfmGroups.millis"), figures.get("concentration.millis"),
                        figures.get("csv.rowsPerSecond"), figures.get("csv.heapAboveBaselineMB"));
                report.run(figures);
            }
        } finally {
            org.rfmstream.bench.support.BenchBroker.deleteRecursively(stateDir);
        }
        report.note("rfmGroups and concentration read the per-task marketing totals (" + "cells per last-purchase day"
                + " x F x M, and the spend histogram): their cost follows the store entries, not the customers. "
                + "scanForComparison reads and decodes every profile once, what a scan per request would cost.");
        report.note("The CSV is written to a counting sink; heapAboveBaselineMB is the highest used heap sampled every "
                + "5 ms during the export minus the used heap after a GC just before it.");
        return report.build(List.of());
    }

    private static long fill(TopologyTestDriver driver, TopicNames topics, int customers, Progress progress) {
        TestInputTopic<byte[], byte[]> input = driver.createInputTopic(topics.transactions(),
                new ByteArraySerializer(), new ByteArraySerializer());
        SplittableRandom random = new SplittableRandom(BenchData.SEED);
        long events = 0;
        for (int i = 0; i < customers; i++) {
            String customer = "m" + (1_000_000 + i);
            int purchases = i % 4 == 0 ? 2 : 1;
            for (int p = 0; p < purchases; p++) {
                Instant at = HISTORY_START.plus(Duration.ofMinutes(random.nextLong(365L * 24 * 60)));
                // log-uniform spend between 1 and 5,000
                BigDecimal amount = BigDecimal.valueOf(Math.round(100 * Math.exp(random.nextDouble() * Math.log(5000))),
                        2);
                byte[] value = Json.toBytes(BenchData.purchase("e" + i + "-" + p, customer, at, amount));
                input.pipeInput(customer.getBytes(StandardCharsets.UTF_8), value, at);
                events++;
            }
            if ((i + 1) % 200_000 == 0) {
                progress.say("%,d customers in the state", i + 1);
            }
        }
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        return events;
    }

    private static void csv(QueryService queries, Instant asOf, Map<String, Double> figures) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        CountingSink sink = new CountingSink();
        long began = System.nanoTime();
        long rows;
        try {
            rows = queries.marketing().writeCsv(null, null, asOf, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        done.set(true);
        sampler.join();
        figures.put("csv.rows", (double) rows);
        figures.put("csv.seconds", seconds);
        figures.put("csv.rowsPerSecond", rows / seconds);
        figures.put("csv.megabytes", sink.bytes / 1e6);
        figures.put("csv.heapAboveBaselineMB", (peak.get() - baseline) / 1e6);
    }

    private static void require(Answer answer) {
        if (!(answer instanceof Answer.Found)) {
            throw new IllegalStateException("the query did not answer: " + answer);
        }
    }

    private static double medianMillis(Runnable task) {
        return medianMillis(task, QUERY_REPEATS);
    }

    private static double medianMillis(Runnable task, int repeats) {
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long began = System.nanoTime();
            task.run();
            millis[i] = (System.nanoTime() - began) / 1e6;
        }
        Arrays.sort(millis);
        return millis[repeats / 2];
    }

    /** Bytes written, nothing kept. */
    private static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    /** The driver's stores as the query layer reads them (one task holds every customer). */
    private static final class DriverStore implements LocalCustomerStore {
        private final KeyValueStore<String, CustomerState> profiles;
        private final KeyValueStore<String, byte[]> marketing;

        DriverStore(TopologyTestDriver driver) {
            this.profiles = driver.getKeyValueStore(StoreNames.PROFILES);
            this.marketing = driver.getKeyValueStore(StoreNames.MARKETING_TOTALS);
        }

        int marketingEntries() {
            int entries = 0;
            try (KeyValueIterator<String, byte[]> all = marketing.all()) {
                while (all.hasNext()) {
                    all.next();
                    entries++;
                }
            }
            return entries;
        }

        void scanAllProfiles() {
            long frequency = 0;
            try (KeyValueIterator<String, CustomerState> all = profiles.all()) {
                while (all.hasNext()) {
                    frequency += all.next().value.frequency();
                }
            }
            if (frequency < 0) {
                throw new IllegalStateException();
            }
        }

        @Override
        public Optional<CustomerProfile> profile(String customerId, int partition, boolean allowStandby) {
            CustomerState state = profiles.get(customerId);
            return state == null ? Optional.empty() : Optional.of(state.toProfile(customerId));
        }

        @Override
        public Map<String, SegmentStats> segmentStats() {
            return Map.of();
        }

        @Override
        public List<CustomerProfile> segmentPage(String segmentId, String afterCustomerId, int limit) {
            return List.of();
        }

        @Override
        public List<CustomerProfile> customerPage(String afterCustomerId, int limit) {
            List<CustomerProfile> page = new ArrayList<>(limit);
            try (KeyValueIterator<String, CustomerState> entries = profiles.range(afterCustomerId, null)) {
                while (entries.hasNext() && page.size() < limit) {
                    KeyValue<String, CustomerState> entry = entries.next();
                    if (!entry.key.equals(afterCustomerId)) {
                        page.add(entry.value.toProfile(entry.key));
                    }
                }
            }
            return page;
        }

        @Override
        public MarketingTotalsReport marketingTotals(Instant asOf) {
            MarketingTotals.Evaluation evaluation;
            try (KeyValueIterator<String, byte[]> entries = marketing.all()) {
                evaluation = MarketingTotals.evaluate(entries, asOf.toEpochMilli());
            }
            return new MarketingTotalsReport(null, evaluation.edges() == null ? List.of()
                    : List.of(evaluation.edges().modelVersion()), evaluation.edges() == null ? null
                    : evaluation.edges().edges(), evaluation.cells(), evaluation.uncertainR(), evaluation.spend());
        }

        @Override
        public boolean isQueryable() {
            return true;
        }
    }

    private static final class OneInstance implements MetadataSource {
        private static final Host SELF = new Host("localhost", 8080);

        @Override
        public Host self() {
            return SELF;
        }

        @Override
        public String state() {
            return "RUNNING";
        }

        @Override
        public Optional<KeyOwners> ownersOf(String customerId) {
            return Optional.of(new KeyOwners(SELF, java.util.Set.of(), 0));
        }

        @Override
        public List<Host> activeHosts() {
            return List.of(SELF);
        }

        @Override
        public OptionalLong standbyLag(int partition) {
            return OptionalLong.empty();
        }
    }

    private static final class NoPeers implements PeerClient {
        @Override
        public PeerResponse get(Host peer, String pathAndQuery) {
            throw new PeerUnreachableException("one instance only", null);
        }

        @Override
        public CompletableFuture<PeerResponse> getAsync(Host peer, String pathAndQuery) {
            return CompletableFuture.failedFuture(new PeerUnreachableException("one instance only", null));
        }
    }
}
