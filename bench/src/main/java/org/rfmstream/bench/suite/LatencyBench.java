package org.rfmstream.bench.suite;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rfmstream.bench.BenchException;
import org.rfmstream.bench.BenchOptions;
import org.rfmstream.bench.BenchReport;
import org.rfmstream.bench.Benchmark;
import org.rfmstream.bench.support.BenchBroker;
import org.rfmstream.bench.support.BenchData;
import org.rfmstream.bench.support.StreamsApps;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.SegmentationOptions;

/**
 * End-to-end latency at fixed rates: purchases are produced on a fixed schedule with the wall-clock time, and
 * the time is taken until the matching record is readable with {@code read_committed}: the customer's updated
 * {@code customer-profiles} record (matched by customer and frequency) for the topology, the copied record
 * (matched by customer and count) for the bare pipe. Latency counts from the scheduled send time, so a producer
 * or broker stall is not hidden (no coordinated omission).
 */
public final class LatencyBench extends Benchmark {

    static final String NAME = "latency";
    private static final int CUSTOMER_POOL = 10_000;
    private static final long HIGHEST_MICROS = Duration.ofMinutes(10).toNanos() / 1000;

    /** What is measured: the bare pipe or the topology. */
    private enum Subject { PIPE, TOPOLOGY }

    public LatencyBench() {
        super(NAME,
                "Wall-clock time from a purchase's scheduled send to its output being readable with read_committed, "
                        + "at fixed rates; the topology (customer-profiles) against the bare exactly-once pipe.");
    }

    @Override
    public BenchReport run(BenchOptions options, Progress progress) {
        BenchReport.Builder report = report();
        report.parameter("rates", options.rates())
                .parameter("measuredSecondsPerRate", options.latencyDuration().toSeconds())
                .parameter("warmUpSeconds", options.warmUp().toSeconds())
                .parameter("commitIntervalMs", options.commitInterval().toMillis())
                .parameter("processingGuarantee", "exactly_once_v2")
                .parameter("clock", SegmentationOptions.Clock.WALL_CLOCK.setting())
                .parameter("customerPool", CUSTOMER_POOL)
                .parameter("partitions", options.partitions())
                .parameter("settings", options.settings())
                .parameter("runs", options.runs());
        TopicNames topics = TopicNames.defaults();
        try (BenchBroker broker = BenchBroker.startWithModel(options.workDir().resolve(NAME), topics,
                options.partitions())) {
            broker.createTopic(StreamsApps.PIPE_OUTPUT, options.partitions(), false);
            for (int run = 1; run <= options.runs(); run++) {
                Map<String, Double> figures = new LinkedHashMap<>();
                for (int rate : options.rates()) {
                    for (Subject system : Subject.values()) {
                        Histogram histogram = measure(broker, options, topics, system, run, rate, figures);
                        String prefix = (system == Subject.PIPE ? "pipeEos" : "topologyEos") + ".rate" + rate + ".";
                        figures.put(prefix + "p50Ms", millis(histogram.getValueAtPercentile(50)));
                        figures.put(prefix + "p99Ms", millis(histogram.getValueAtPercentile(99)));
                        figures.put(prefix + "p999Ms", millis(histogram.getValueAtPercentile(99.9)));
                        figures.put(prefix + "maxMs", millis(histogram.getMaxValue()));
                        figures.put(prefix + "samples", (double) histogram.getTotalCount());
                        progress.say("run %d: %-8s at %,6d/s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (%,d samples)",
                                run, system, rate, figures.get(prefix + "p50Ms"), figures.get(prefix + "p99Ms"),
                                figures.get(prefix + "p999Ms"), histogram.getTotalCount());
                    }
                    figures.put("ratio.p99TopologyToPipe.rate" + rate, figures.get("topologyEos.rate" + rate + ".p99Ms")
                            / figures.get("pipeEos.rate" + rate + ".p99Ms"));
                    figures.put("ratio.p50TopologyToPipe.rate" + rate, figures.get("topologyEos.rate" + rate + ".p50Ms")
                            / figures.get("pipeEos.rate" + rate + ".p50Ms"));
                }
                report.run(figures);
            }
        }
        report.note("Commit interval " + options.commitInterval().toMillis() + " ms (exactly-once): a record becomes "
                + "readable with read_committed only when its transaction commits, so the commit interval sets the "
                + "floor of both the pipe's and the topology's latency.");
        report.note("Producer: idempotent, acks=all, linger.ms=0, in the same JVM as the broker and the application; "
                + "consumer: read_committed, fetch.max.wait.ms=10.");
        Map<String, Double> median = report.median();
        List<BenchReport.Target> targets = options.rates().stream()
                .map(rate -> BenchReport.Target.atMost("event→profile p99 ≤ 1.2 × bare pipe p99 at " + rate + "/s",
                        "ratio.p99TopologyToPipe.rate" + rate, 1.2, median, "ratio"))
                .toList();
        return report.build(targets);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    private static Histogram measure(BenchBroker broker, BenchOptions options, TopicNames topics, Subject system,
                                     int run, int rate, Map<String, Double> figures) {
        String applicationId = "bench-latency-" + system.name().toLowerCase(java.util.Locale.ROOT) + "-" + rate + "-"
                + run;
        Path stateDir = broker.stateDir(applicationId);
        String output = system == Subject.PIPE ? StreamsApps.PIPE_OUTPUT : topics.customerProfiles();
        StreamsApps.Config config = new StreamsApps.Config(broker.bootstrapServers(), applicationId, stateDir, true,
                options.commitInterval(), topics, SegmentationOptions.Clock.WALL_CLOCK, options.settings());
        Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
        String customerPrefix = "L" + run + "-" + rate + "-" + system.ordinal() + "-";
        try (StreamsApps.Running app = StreamsApps.start(system == Subject.PIPE ? StreamsApps.Kind.PIPE
                : StreamsApps.Kind.TOPOLOGY, config);
             KafkaConsumer<String, byte[]> consumer = consumer(broker.bootstrapServers())) {
            app.awaitRunning(Duration.ofMinutes(2));
            List<TopicPartition> partitions = broker.endOffsets(output).keySet().stream().toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            Map<String, Long> scheduled = new ConcurrentHashMap<>();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicLong measuredSent = new AtomicLong();
            AtomicReference<RuntimeException> producerFailure = new AtomicReference<>();
            Thread producer = Thread.ofPlatform().name("bench-latency-producer").start(() -> {
                try {
                    produce(broker.bootstrapServers(), topics.transactions(), customerPrefix, rate, options, scheduled,
                            measuredSent);
                } catch (RuntimeException e) {
                    producerFailure.set(e);
                } finally {
                    producing.set(false);
                }
            });
            Map<String, Integer> received = new HashMap<>();
            long measuredReceived = 0;
            long deadline = Long.MAX_VALUE;
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    if (record.key() == null || !record.key().startsWith(customerPrefix)) {
                        continue;
                    }
                    long count = system == Subject.PIPE ? received.merge(record.key(), 1, Integer::sum)
                            : Json.fromBytes(record.value(), CustomerProfile.class).frequency();
                    Long sentAt = scheduled.remove(record.key() + "/" + count);
                    if (sentAt != null && sentAt >= 0) {
                        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - sentAt) / 1000)));
                        measuredReceived++;
                    }
                }
                if (!producing.get()) {
                    if (producerFailure.get() != null) {
                        throw producerFailure.get();
                    }
                    if (deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    }
                    if (measuredReceived >= measuredSent.get() || System.nanoTime() > deadline) {
                        break;
                    }
                }
            }
            producer.join();
            long lost = measuredSent.get() - measuredReceived;
            String prefix = (system == Subject.PIPE ? "pipeEos" : "topologyEos") + ".rate" + rate + ".";
            figures.put(prefix + "notReceivedWithin60s", (double) lost);
            return histogram;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        } finally {
            BenchBroker.deleteRecursively(stateDir);
        }
    }

    /**
     * Sends purchases on a fixed schedule; {@code scheduled} maps {@code customer/n} (the customer's n-th purchase)
     * to its scheduled send time, negative during the warm-up (not measured).
     */
    private static void produce(String bootstrapServers, String topic, String customerPrefix, int rate,
                                BenchOptions options, Map<String, Long> scheduled, AtomicLong measuredSent) {
        SplittableRandom random = new SplittableRandom(rate);
        int[] purchases = new int[CUSTOMER_POOL];
        long interval = 1_000_000_000L / rate;
        long total = rate * (options.warmUp().toSeconds() + options.latencyDuration().toSeconds());
        long warmUpEvents = rate * options.warmUp().toSeconds();
        try (KafkaProducer<String, byte[]> producer = BenchData.producer(bootstrapServers, 0)) {
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                int customer = random.nextInt(CUSTOMER_POOL);
                String customerId = customerPrefix + customer;
                int n = ++purchases[customer];
                boolean measured = i >= warmUpEvents;
                scheduled.put(customerId + "/" + n, measured ? due : -1L);
                if (measured) {
                    measuredSent.incrementAndGet();
                }
                producer.send(new ProducerRecord<>(topic, customerId, Json.toBytes(BenchData.purchase(
                        "l" + i, customerId, Instant.now(), BigDecimal.valueOf(1000 + random.nextInt(20_000), 2)))));
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
