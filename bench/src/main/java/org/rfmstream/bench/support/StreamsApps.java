package org.rfmstream.bench.support;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rfmstream.bench.BenchException;
import org.rfmstream.schemas.JsonSerde;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.StreamsApp;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.config.StreamsSettings;
import org.rfmstream.streams.http.MeterRegistries;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.topology.SegmentationTopology;

/**
 * The Kafka Streams applications the benchmarks compare, all configured by the application's own
 * {@link StreamsSettings} (same commit interval, cache, RocksDB bounds, error handlers) and created by
 * {@link StreamsApp#newKafkaStreams} with the same metrics bound, so that the only difference between them is the topology:
 * <ul>
 *   <li>{@link Kind#PIPE}: the limit, bytes copied from the input to an output topic, no state, no parsing;</li>
 *   <li>{@link Kind#TOPOLOGY}: the segmentation topology;</li>
 *   <li>{@link Kind#NAIVE_AGGREGATE}: a reference, {@code groupByKey().aggregate()} of the parsed transaction into
 *       JSON totals in RocksDB, every update emitted;</li>
 *   <li>{@link Kind#FAN_OUT_PIPE}: the limit for an application that must write a given number of records per input
 *       event, the bare pipe writing each input's bytes that many times on average.</li>
 * </ul>
 */
public final class StreamsApps {

    public enum Kind { PIPE, TOPOLOGY, NAIVE_AGGREGATE, FAN_OUT_PIPE }

    public static final String PIPE_OUTPUT = "bench-pipe-out";
    public static final String NAIVE_OUTPUT = "bench-naive-out";

    /** How one application runs. */
    public record Config(String bootstrapServers, String applicationId, java.nio.file.Path stateDir, boolean exactlyOnce,
                  Duration commitInterval, TopicNames topics, SegmentationOptions.Clock clock,
                  Map<String, String> extraSettings) {

        Settings settings() {
            Map<String, String> values = new HashMap<>(extraSettings);
            values.put(Settings.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
            values.put(Settings.APPLICATION_ID, applicationId);
            values.put(Settings.STATE_DIR, stateDir.toString());
            values.put(StreamsSettings.PROCESSING_GUARANTEE, exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2
                    : StreamsConfig.AT_LEAST_ONCE);
            values.put(StreamsSettings.COMMIT_INTERVAL, commitInterval.toString());
            values.put(Settings.SEGMENTATION_CLOCK, clock.setting());
            values.put(TopicNames.TOPIC_TRANSACTIONS, topics.transactions());
            values.put(TopicNames.TOPIC_SEGMENT_CHANGES, topics.segmentChanges());
            values.put(TopicNames.TOPIC_CUSTOMER_PROFILES, topics.customerProfiles());
            values.put(TopicNames.TOPIC_SEGMENT_MODELS, topics.segmentModels());
            values.put(TopicNames.TOPIC_TRANSACTIONS_DLQ, topics.transactionsDlq());
            values.put(TopicNames.TOPIC_CUSTOMER_ERASURES, topics.customerErasures());
            return Settings.of(values);
        }
    }

    /** A started application and the registry of its meters. */
    public record Running(KafkaStreams streams, PrometheusMeterRegistry registry, AutoCloseable streamsMetrics,
                   long startedNanos) implements AutoCloseable {

        /** Blocks until RUNNING and returns {@link System#nanoTime()} then. */
        public long awaitRunning(Duration timeout) {
            return StreamsApps.awaitRunning(streams, timeout);
        }

        @Override
        public void close() {
            streams.close(Duration.ofSeconds(60));
            try {
                streamsMetrics.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot unbind the Kafka Streams metrics", e);
            }
            registry.close();
        }
    }

    private StreamsApps() {
    }

    /** Blocks until the streams are RUNNING and returns {@link System#nanoTime()} then. */
    public static long awaitRunning(KafkaStreams streams, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || System.nanoTime() > deadline) {
                throw new BenchException("Kafka Streams did not reach RUNNING within " + timeout + " (state "
                        + streams.state() + ")");
            }
            BenchBroker.sleep(10);
        }
        return System.nanoTime();
    }

    public static Running start(Kind kind, Config config) {
        return start(kind, config, null);
    }

    public static Running start(Kind kind, Config config, java.util.function.Consumer<KafkaStreams> beforeStart) {
        return start(kind, config, beforeStart, 1);
    }

    /**
     * @param beforeStart called with the streams before they start (e.g. to add a restore listener), may be null
     * @param copies      records written per input record on average, for {@link Kind#FAN_OUT_PIPE}
     */
    public static Running start(Kind kind, Config config, java.util.function.Consumer<KafkaStreams> beforeStart,
                         double copies) {
        PrometheusMeterRegistry registry = MeterRegistries.prometheus();
        SegmentationMetrics metrics = new SegmentationMetrics(registry);
        Settings settings = config.settings();
        Properties properties = StreamsSettings.properties(settings, metrics);
        Topology topology = switch (kind) {
            case PIPE -> pipe(config.topics().transactions());
            case TOPOLOGY -> SegmentationTopology.build(SegmentationOptions.from(settings), metrics);
            case NAIVE_AGGREGATE -> naiveAggregate(config.topics().transactions());
            case FAN_OUT_PIPE -> fanOutPipe(config.topics().transactions(), copies);
        };
        KafkaStreams streams = StreamsApp.newKafkaStreams(topology, properties);
        var streamsMetrics = MeterRegistries.bindKafkaStreams(registry, streams);
        if (beforeStart != null) {
            beforeStart.accept(streams);
        }
        long started = System.nanoTime();
        streams.start();
        return new Running(streams, registry, streamsMetrics, started);
    }

    public static Topology pipe(String input) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(PIPE_OUTPUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    /**
     * The bare pipe, each input's bytes written {@code copies} times on average (a fractional part is spread evenly
     * over the records): what producing that many records per event costs with nothing else to do.
     */
    public static Topology fanOutPipe(String input, double copies) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new FanOut(copies))
                .to(PIPE_OUTPUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    private static final class FanOut implements Processor<byte[], byte[], byte[], byte[]> {
        private final double copies;
        private double owed;
        private ProcessorContext<byte[], byte[]> context;

        FanOut(double copies) {
            this.copies = copies;
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            owed += copies;
            for (; owed >= 1; owed--) {
                context.forward(record);
            }
        }
    }

    /** What a first attempt usually looks like: parse with Jackson, aggregate as JSON in RocksDB. */
    public static Topology naiveAggregate(String input) {
        StreamsBuilder builder = new StreamsBuilder();
        JsonSerde<NaiveTotals> totals = JsonSerde.of(NaiveTotals.class);
        builder.stream(input, Consumed.with(Serdes.String(), org.rfmstream.schemas.Serdes.transaction()))
                .groupByKey()
                .aggregate(() -> new NaiveTotals(0, BigDecimal.ZERO, null), StreamsApps::add,
                        Materialized.<String, NaiveTotals, KeyValueStore<Bytes, byte[]>>as("naive-totals")
                                .withKeySerde(Serdes.String()).withValueSerde(totals))
                .toStream()
                .to(NAIVE_OUTPUT, Produced.with(Serdes.String(), totals));
        return builder.build();
    }

    public record NaiveTotals(long frequency, BigDecimal monetary, Instant lastPurchase) {
    }

    private static NaiveTotals add(String customerId, Transaction transaction, NaiveTotals totals) {
        boolean purchase = transaction.type() == org.rfmstream.schemas.TransactionType.PURCHASE;
        BigDecimal amount = transaction.amount() == null ? BigDecimal.ZERO : transaction.amount();
        return new NaiveTotals(totals.frequency() + (purchase ? 1 : 0),
                purchase ? totals.monetary().add(amount) : totals.monetary().subtract(amount).max(BigDecimal.ZERO),
                purchase && (totals.lastPurchase() == null || transaction.timestamp().isAfter(totals.lastPurchase()))
                        ? transaction.timestamp() : totals.lastPurchase());
    }
}
