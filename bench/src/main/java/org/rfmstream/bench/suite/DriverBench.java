package org.rfmstream.bench.suite;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.rfmstream.bench.BenchOptions;
import org.rfmstream.bench.BenchReport;
import org.rfmstream.bench.Benchmark;
import org.rfmstream.bench.support.BenchBroker;
import org.rfmstream.bench.support.BenchData;
import org.rfmstream.bench.support.StreamsApps;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.errors.DeadLetterDeserializationHandler;
import org.rfmstream.streams.errors.DeadLetterProcessingHandler;
import org.rfmstream.streams.errors.ErrorHandling;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.topology.SegmentationTopology;

/**
 * Events per second through each topology in Kafka's {@link TopologyTestDriver}: no broker, no network, so the
 * figure is the CPU cost per event of the topology itself (validation, state, outputs), next to the bare pipe and
 * the naive aggregate in the same driver. The driver commits after every record; its own overhead is in every figure.
 */
public final class DriverBench extends Benchmark {

    static final String NAME = "driver";
    private static final Instant HISTORY_START = Instant.parse("2011-01-01T00:00:00Z");
    /** The driver's wall clock: far after the generated history. */
    private static final Instant WALL_CLOCK_START = Instant.parse("2030-01-01T00:00:00Z");

    private record Event(byte[] key, byte[] value, Instant at) {
    }

    private record Measured(double seconds, int events) {
    }

    public DriverBench() {
        super(NAME,
                "Events/s through each topology in the TopologyTestDriver (no broker): the CPU cost per event of "
                        + "the topology, the bare pipe and the naive aggregate.");
    }

    @Override
    public BenchReport run(BenchOptions options, Progress progress) {
        int measured = options.driverEvents();
        int warmUp = Math.max(1, measured / 5);
        int customers = Math.max(1, measured / 5);
        BenchReport.Builder report = report();
        report.parameter("measuredEvents", measured)
                .parameter("warmUpEvents", warmUp)
                .parameter("customers", customers)
                .parameter("runs", options.runs());
        List<Event> events = events(warmUp + measured, customers);
        Path stateRoot = options.workDir().resolve(NAME);
        try {
            for (int run = 1; run <= options.runs(); run++) {
                Map<String, Double> figures = new LinkedHashMap<>();
                TopicNames topics = TopicNames.defaults();
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                SegmentationMetrics metrics = new SegmentationMetrics(registry);
                SegmentationOptions segmentation = SegmentationOptions.defaults();
                put(figures, "pipe", measure(StreamsApps.pipe(topics.transactions()),
                        List.of(StreamsApps.PIPE_OUTPUT), null, null, stateRoot.resolve("pipe-" + run), events,
                        warmUp));
                put(figures, "naiveAggregate", measure(StreamsApps.naiveAggregate(topics.transactions()),
                        List.of(StreamsApps.NAIVE_OUTPUT), null, null, stateRoot.resolve("naive-" + run), events,
                        warmUp));
                put(figures, "topology", measure(SegmentationTopology.build(segmentation, metrics),
                        List.of(topics.segmentChanges(), topics.customerProfiles()), metrics, BenchData.model(1),
                        stateRoot.resolve("topology-" + run), events, warmUp));
                figures.put("ratio.topologyToNaiveAggregate", figures.get("topology.eventsPerSecond")
                        / figures.get("naiveAggregate.eventsPerSecond"));
                figures.put("ratio.topologyToPipe", figures.get("topology.eventsPerSecond")
                        / figures.get("pipe.eventsPerSecond"));
                progress.say("run %d: topology %,.0f events/s, naive aggregate %,.0f, pipe %,.0f", run,
                        figures.get("topology.eventsPerSecond"), figures.get("naiveAggregate.eventsPerSecond"),
                        figures.get("pipe.eventsPerSecond"));
                report.run(figures);
            }
        } finally {
            BenchBroker.deleteRecursively(stateRoot);
        }
        report.note("One JVM thread, no broker: the driver processes and commits each record synchronously.");
        return report.build(List.of());
    }

    private static void put(Map<String, Double> figures, String prefix, Measured measured) {
        figures.put(prefix + ".eventsPerSecond", measured.events() / measured.seconds());
        figures.put(prefix + ".microsPerEvent", measured.seconds() * 1e6 / measured.events());
    }

    /** Purchases of random customers, 30 s of event time apart. */
    private static List<Event> events(int count, int customers) {
        SplittableRandom random = new SplittableRandom(BenchData.SEED);
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String customer = Integer.toString(10_000 + random.nextInt(customers));
            Instant at = HISTORY_START.plus(Duration.ofSeconds(i * 30L));
            byte[] value = Json.toBytes(BenchData.purchase("inv-" + i, customer, at,
                    BigDecimal.valueOf(100 + random.nextInt(2_000_000), 2)));
            events.add(new Event(customer.getBytes(StandardCharsets.UTF_8), value, at));
        }
        return events;
    }

    /** Pipes the events through one topology; the clock runs after the warm-up. */
    private static Measured measure(Topology topology, List<String> outputs, SegmentationMetrics metrics,
                                    SegmentModel model, Path stateDir, List<Event> events, int warmUp) {
        TopicNames topics = TopicNames.defaults();
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-driver");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (metrics != null) {
            properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    DeadLetterDeserializationHandler.class);
            properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
            ErrorHandling.configure(properties, metrics, topics.transactionsDlq());
        }
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, properties, WALL_CLOCK_START)) {
            if (model != null) {
                driver.createInputTopic(topics.segmentModels(), new StringSerializer(), new ByteArraySerializer())
                        .pipeInput(model.name(), Json.toBytes(model));
            }
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(topics.transactions(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            List<TestOutputTopic<byte[], byte[]>> captured = outputs.stream().map(topic -> driver.createOutputTopic(
                    topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())).toList();
            long began = 0;
            for (int i = 0; i < events.size(); i++) {
                if (i == warmUp) {
                    began = System.nanoTime();
                }
                Event event = events.get(i);
                input.pipeInput(event.key(), event.value(), event.at());
                if (i % 10_000 == 0) {
                    captured.forEach(TestOutputTopic::readValuesToList); // keep the captured output bounded
                }
            }
            return new Measured((System.nanoTime() - began) / 1e9, events.size() - warmUp);
        }
    }
}
