package org.rfmstream.streams.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.JsonSerde;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.config.StreamsSettings;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.testsupport.EmbeddedKafkaBroker;

/**
 * Not a test (a {@code main}, never run by the build): throughput with exactly-once on one real local broker,
 * as issue 3's target defines it. It loads N generated transactions into a 6-partition {@code transactions} topic
 * (record timestamp = event time), then, in rounds, runs from the start of that topic until every input offset is
 * committed: (a) a bare exactly-once pipe (bytes in, bytes out), (b) a naive {@code groupByKey().aggregate()} with
 * Jackson and RocksDB, (c) the segmentation topology with a model in force. Each run gets a fresh application id,
 * state dir and output topics. All three use the same Streams configuration, the application's own
 * ({@link StreamsSettings}: exactly_once_v2, the same commit interval, cache and client settings), one stream
 * thread. The clock starts when the instance is RUNNING and stops when the committed offsets reach the end.
 *
 * <p>Run (after {@code mvn -o -pl streams-app -am test-compile}):
 * <pre>
 * java -cp streams-app/target/test-classes:streams-app/target/classes:$(cat cp.txt) \
 *      -Dbench.events=300000 -Dbench.customers=50000 -Dbench.rounds=3 \
 *      org.rfmstream.streams.topology.EosThroughputBenchmark
 * </pre>
 * Properties: {@code bench.events}, {@code bench.customers}, {@code bench.rounds}, {@code bench.only}
 * (pipe,naive,ours), {@code bench.spanDays} (event time the input spans, default 30),
 * {@code bench.setting.NAME=VALUE} (any application setting, e.g. {@code ROCKSDB_MEMORY_MB}), {@code bench.bootstrap} (an external broker instead of the in-process one),
 * {@code bench.commitMs} (commit interval, default 100 = Streams' default with exactly-once), {@code bench.keep}
 * (keep the state dir of the last run of ours and print its size per customer).
 */
public final class EosThroughputBenchmark {

    private static final int PARTITIONS = 6;
    private static final String INPUT = "transactions";
    private static final String MODELS = "segment-models";
    private static final Instant T0 = Instant.parse("2011-01-01T00:00:00Z");

    private final String bootstrap;
    private final int events;
    private final int customers;
    private final long commitMs;
    private final long spanDays;
    private final Map<String, List<Double>> cpuPerEvent = new HashMap<>();
    private final Path workDir;

    private EosThroughputBenchmark(String bootstrap, int events, int customers, long commitMs, Path workDir) {
        this.bootstrap = bootstrap;
        this.events = events;
        this.customers = customers;
        this.commitMs = commitMs;
        this.spanDays = Long.getLong("bench.spanDays", 30);
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 300_000);
        int customers = Integer.getInteger("bench.customers", 50_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        long commitMs = Long.getLong("bench.commitMs", 100);
        List<String> only = List.of(System.getProperty("bench.only", "pipe,naive,ours").split(","));
        boolean keep = Boolean.getBoolean("bench.keep");
        Path workDir = Files.createDirectories(Path.of("target", "eos-bench"));
        String external = System.getProperty("bench.bootstrap");
        EmbeddedKafkaBroker cluster = external == null ? EmbeddedKafkaBroker.start() : null;
        String bootstrap = external != null ? external : cluster.bootstrapServers();
        try {
            EosThroughputBenchmark bench = new EosThroughputBenchmark(bootstrap, events, customers, commitMs, workDir);
            bench.load();
            Map<String, List<Double>> rates = new HashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (String variant : only) {
                    boolean last = keep && round == rounds && variant.equals("ours");
                    double rate = bench.run(variant, round, last);
                    rates.computeIfAbsent(variant, v -> new ArrayList<>()).add(rate);
                }
            }
            System.out.printf("%n== %d events, %d customers over %d days of event time, %d partitions, "
                    + "exactly_once_v2, commit %d ms, 1 thread%n", events, customers, bench.spanDays, PARTITIONS,
                    commitMs);
            Map<String, Double> medians = new HashMap<>();
            rates.forEach((variant, list) -> {
                medians.put(variant, median(list));
                System.out.printf("%-6s median %8.0f events/s  runs %s; stream thread CPU per event median %.1f µs%n",
                        variant, median(list), list.stream().map(r -> String.format("%.0f", r))
                                .collect(Collectors.joining(", ")), median(bench.cpuPerEvent.get(variant)));
            });
            if (medians.containsKey("pipe")) {
                double pipe = medians.get("pipe");
                if (medians.containsKey("naive")) {
                    System.out.printf("naive / pipe = %.2f%n", medians.get("naive") / pipe);
                }
                if (medians.containsKey("ours")) {
                    System.out.printf("ours  / pipe = %.2f%n", medians.get("ours") / pipe);
                }
                for (int i = 0; i < rounds; i++) {
                    int round = i;
                    System.out.printf("round %d ratios:%s%n", i + 1, only.stream().filter(v -> !v.equals("pipe"))
                            .map(v -> String.format(" %s/pipe %.2f", v, rates.get(v).get(round)
                                    / rates.get("pipe").get(round)))
                            .collect(Collectors.joining()));
                }
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(properties);
    }

    private void createTopics(Admin admin, Map<String, Integer> partitions, Set<String> compacted) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        partitions.forEach((name, count) -> topics.add(new NewTopic(name, count, (short) 1).configs(
                compacted.contains(name) ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                        : Map.of())));
        admin.createTopics(topics).all().get();
    }

    /** Generates and loads the input once: purchases with some refunds, keyed by customer, event time ascending. */
    private void load() throws Exception {
        try (Admin admin = admin()) {
            createTopics(admin, Map.of(INPUT, PARTITIONS, MODELS, 1), Set.of(MODELS));
        }
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Random random = new Random(7);
        long stepMillis = spanDays * 86_400_000L / events;
        long began = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(MODELS, SegmentModel.DEFAULT_NAME, Json.toString(model()))).get();
            for (int i = 0; i < events; i++) {
                // every customer buys at least once, so state per customer divides by the real count
                String customer = "c" + (100_000 + (i < customers ? i : random.nextInt(customers)));
                Instant at = T0.plusMillis(i * stepMillis);
                boolean refund = random.nextInt(30) == 0;
                String amount = (1 + random.nextInt(30_000)) / 100 + "." + (10 + random.nextInt(90));
                producer.send(new ProducerRecord<>(INPUT, null, at.toEpochMilli(), customer,
                        SegmentationDriver.transactionJson("ev-" + i, customer, refund ? "REFUND" : "PURCHASE", at,
                                amount)));
            }
            producer.flush();
        }
        System.out.printf("loaded %d events for %d customers in %.1f s%n", events, customers,
                (System.nanoTime() - began) / 1e9);
    }

    /** Runs one variant from the start of the input until all of it is committed; returns events per second. */
    private double run(String variant, int round, boolean keepState) throws Exception {
        String id = variant + "-" + round + "-" + System.nanoTime() % 100_000;
        Path stateDir = workDir.resolve(id);
        Properties properties = properties(id, stateDir);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopicNames topics = new TopicNames(INPUT, id + "-changes", id + "-profiles", MODELS, id + "-dlq",
                id + "-erasures");
        Topology topology;
        try (Admin admin = admin()) {
            switch (variant) {
                case "pipe" -> {
                    createTopics(admin, Map.of(id + "-out", PARTITIONS), Set.of());
                    topology = pipe(id + "-out");
                }
                case "naive" -> {
                    createTopics(admin, Map.of(id + "-out", PARTITIONS), Set.of());
                    topology = naiveAggregate(id + "-out");
                }
                case "ours" -> {
                    createTopics(admin, Map.of(topics.segmentChanges(), PARTITIONS, topics.customerProfiles(),
                            PARTITIONS, topics.transactionsDlq(), 1, topics.customerErasures(), PARTITIONS),
                            Set.of(topics.customerProfiles(), topics.customerErasures()));
                    SegmentationOptions options = SegmentationOptions.from(settings(id, stateDir).with(
                            TopicNames.TOPIC_SEGMENT_CHANGES, topics.segmentChanges()).with(
                            TopicNames.TOPIC_CUSTOMER_PROFILES, topics.customerProfiles()).with(
                            TopicNames.TOPIC_TRANSACTIONS_DLQ, topics.transactionsDlq()).with(
                            TopicNames.TOPIC_CUSTOMER_ERASURES, topics.customerErasures()));
                    topology = SegmentationTopology.build(options, new SegmentationMetrics(registry));
                }
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            }
        }
        AtomicLong runningAt = new AtomicLong();
        KafkaStreams streams = new KafkaStreams(topology, properties);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(0, System.nanoTime());
            }
        });
        long started = System.nanoTime();
        long cpuBefore = processCpuNanos();
        Map<String, Long> threadsBefore = threadCpu();
        streams.start();
        long done;
        long cpu;
        long streamThreadCpu;
        try (Admin admin = admin()) {
            long end = endOffsets(admin);
            while (committed(admin, id) < end) {
                if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
                    throw new IllegalStateException(id + " did not finish within 10 minutes");
                }
                Thread.sleep(50);
            }
            done = System.nanoTime();
            cpu = processCpuNanos() - cpuBefore;
            streamThreadCpu = streamThreadCpuNanos(id);
            if (Boolean.getBoolean("bench.threads")) {
                Map<String, Long> after = threadCpu();
                Map<String, Long> byKind = new HashMap<>();
                after.forEach((name, nanos) -> byKind.merge(name.replace(id, "APP").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "")
                        .replaceAll("[0-9]+", "N"), nanos - threadsBefore.getOrDefault(name, 0L), Long::sum));
                long inJava = byKind.values().stream().mapToLong(Long::longValue).sum();
                long gcMillis = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .mapToLong(gc -> gc.getCollectionTime()).sum();
                System.out.printf("  CPU by thread (µs per event); not in Java threads (RocksDB, GC, JIT...): %.0f;"
                        + " GC time so far in this JVM %d ms%n", (cpu - inJava) / 1e3 / events, gcMillis);
                byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                        .forEach(e -> System.out.printf("  %8.1f  %s%n", e.getValue() / 1e3 / events, e.getKey()));
            }
        } finally {
            streams.close(Duration.ofSeconds(60));
        }
        double seconds = (done - runningAt.get()) / 1e9;
        double rate = events / seconds;
        String extra = variant.equals("ours") ? String.format(" (processed %.0f, changes %.0f)",
                registry.get(SegmentationMetrics.EVENTS).tag("result", "processed").counter().count(),
                registry.find(SegmentationMetrics.SEGMENT_CHANGES).counters().stream()
                        .mapToDouble(c -> c.count()).sum()) : "";
        System.out.printf("round %d %-6s %8.0f events/s  (%.2f s running, %.2f s start-up; CPU per event: stream "
                + "thread %.0f µs, whole process incl. broker %.0f µs)%s%n", round, variant, rate, seconds,
                (runningAt.get() - started) / 1e9, streamThreadCpu / 1e3 / events, cpu / 1e3 / events, extra);
        cpuPerEvent.computeIfAbsent(variant, v -> new ArrayList<>()).add(streamThreadCpu / 1e3 / events);
        if (keepState) {
            reportState(stateDir, id);
        } else {
            deleteRecursively(stateDir);
        }
        try (Admin admin = admin()) {
            Set<String> leftovers = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(id)).collect(Collectors.toSet());
            admin.deleteTopics(leftovers).all().get();
        }
        return rate;
    }

    private Settings settings(String id, Path stateDir) {
        Map<String, String> values = new HashMap<>(Map.of(
                Settings.APPLICATION_ID, id,
                Settings.KAFKA_BOOTSTRAP_SERVERS, bootstrap,
                Settings.STATE_DIR, stateDir.toAbsolutePath().toString(),
                StreamsSettings.COMMIT_INTERVAL, "PT" + commitMs / 1000.0 + "S",
                "KAFKA_AUTO_OFFSET_RESET", "earliest"));
        // -Dbench.setting.NAME=VALUE: any application setting, e.g. ROCKSDB_MEMORY_MB or KAFKA_LINGER_MS
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("bench.setting."))
                .forEach(name -> values.put(name.substring("bench.setting.".length()), System.getProperty(name)));
        return Settings.of(values);
    }

    /** The application's own Streams configuration, the same for all three variants. */
    private Properties properties(String id, Path stateDir) {
        Properties properties = StreamsSettings.properties(settings(id, stateDir),
                new SegmentationMetrics(new SimpleMeterRegistry()));
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return properties;
    }

    private long endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(INPUT, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    private long committed(Admin admin, String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(INPUT) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static Topology pipe(String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    record NaiveTotals(long frequency, BigDecimal monetary, Instant lastPurchase) {
    }

    /** Parse with Jackson, aggregate frequency, monetary and recency per key in RocksDB as JSON, emit updates. */
    private static Topology naiveAggregate(String output) {
        StreamsBuilder builder = new StreamsBuilder();
        JsonSerde<NaiveTotals> totals = JsonSerde.of(NaiveTotals.class);
        builder.stream(INPUT, Consumed.with(Serdes.String(), org.rfmstream.schemas.Serdes.transaction()))
                .groupByKey()
                .aggregate(() -> new NaiveTotals(0, BigDecimal.ZERO, null),
                        (key, tx, agg) -> new NaiveTotals(agg.frequency() + 1, agg.monetary().add(tx.amount()),
                                tx.timestamp()),
                        Materialized.<String, NaiveTotals, KeyValueStore<Bytes, byte[]>>as("naive")
                                .withKeySerde(Serdes.String()).withValueSerde(totals))
                .toStream()
                .to(output, Produced.with(Serdes.String(), totals));
        return builder.build();
    }

    /** Four segments spread over recency, frequency and monetary, so that purchases and time both move people. */
    private static SegmentModel model() {
        List<SegmentModel.Segment> segments = List.of(
                SegmentModelFixtures.segment("champions", Math.log1p(5), Math.log1p(12), Math.log1p(2000)),
                SegmentModelFixtures.segment("loyal", Math.log1p(30), Math.log1p(6), Math.log1p(800)),
                SegmentModelFixtures.segment("at-risk", Math.log1p(120), Math.log1p(3), Math.log1p(300)),
                SegmentModelFixtures.segment("lost", Math.log1p(300), Math.log1p(1), Math.log1p(80)));
        return SegmentModelFixtures.model(1, segments);
    }

    /** On-disk size of the stores after a clean close (memtables flushed), per customer, and the changelogs. */
    private void reportState(Path stateDir, String id) throws Exception {
        Map<String, Long> byStore = new HashMap<>();
        Map<String, Long> sstByStore = new HashMap<>();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                Path relative = stateDir.relativize(file);
                // <app>/<task>/rocksdb/<store>/... or <app>/<task>/<checkpoint files>
                String store = relative.getNameCount() > 4 && relative.getName(2).toString().equals("rocksdb")
                        ? relative.getName(3).toString() : "(other files)";
                byStore.merge(store, size(file), Long::sum);
                if (file.getFileName().toString().endsWith(".sst")) {
                    sstByStore.merge(store, size(file), Long::sum);
                }
            });
        }
        long total = byStore.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("state dir %s: %d bytes = %.1f bytes per customer (%d customers)%n", stateDir, total,
                (double) total / customers, customers);
        long sst = sstByStore.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("  of which RocksDB table files (.sst): %d bytes = %.1f bytes per customer%n", sst,
                (double) sst / customers);
        byStore.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> System.out.printf(
                "  %-30s %12d bytes  %7.1f per customer (sst %7.1f)%n", e.getKey(), e.getValue(),
                (double) e.getValue() / customers, (double) sstByStore.getOrDefault(e.getKey(), 0L) / customers));
        try (Admin admin = admin()) {
            Map<String, Long> changelogs = new HashMap<>();
            Collection<LogDirDescription> dirs = admin.describeLogDirs(admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList()).allDescriptions()
                    .get().values().stream().flatMap(m -> m.values().stream()).toList();
            for (LogDirDescription dir : dirs) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    if (replica.getKey().topic().startsWith(id)) {
                        changelogs.merge(replica.getKey().topic(), replica.getValue().size(), Long::sum);
                    }
                }
            }
            changelogs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> System.out.printf(
                    "  topic %-50s %12d bytes  %7.1f per event%n", e.getKey(), e.getValue(),
                    (double) e.getValue() / events));
        } catch (Exception e) {
            System.out.println("  (changelog sizes unavailable: " + e.getMessage() + ")");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** RocksDB as Kafka Streams configures it by default, for comparison: {@code -Dbench.setting.KAFKA_ROCKSDB_CONFIG_SETTER=}. */
    public static final class StreamsDefaultRocksDB implements org.apache.kafka.streams.state.RocksDBConfigSetter {
        @Override
        public void setConfig(String storeName, org.rocksdb.Options options, Map<String, Object> configs) {
        }

        @Override
        public void close(String storeName, org.rocksdb.Options options) {
        }
    }

    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> cpu.merge(t.getName() + "#" + t.threadId(),
                Math.max(0, threads.getThreadCpuTime(t.threadId())), Long::sum));
        return cpu;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the instance's stream thread (start-up included) while it is still alive. */
    private static long streamThreadCpuNanos(String applicationId) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(applicationId) && t.getName().contains("-StreamThread-"))
                .mapToLong(t -> threads.getThreadCpuTime(t.threadId())).filter(n -> n > 0).sum();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
