package org.rfmstream.streams.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Not a test (no assertion, not run by the build): measures events per second through the whole topology in the
 * TopologyTestDriver, i.e. the CPU cost per event of validation, state and outputs, next to two references in the
 * same driver: a bare pipe (bytes copied) and a naive {@code groupByKey().aggregate()} with Jackson and RocksDB.
 * The driver commits after every record, so its own overhead is part of every figure. Run it with
 * {@code mvn -B -o -pl streams-app -am test -Dtest=TopologyThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class TopologyThroughputBenchmark {

    private static final int CUSTOMERS = 20_000;
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 100_000;

    @Test
    void eventsPerSecondThroughTheTopology() {
        Random random = new Random(1);
        Instant start = Instant.parse("2011-01-01T00:00:00Z");
        List<byte[][]> events = new ArrayList<>();
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            String customer = Integer.toString(10_000 + random.nextInt(CUSTOMERS));
            Instant at = start.plus(Duration.ofSeconds(i * 30L));
            String json = SegmentationDriver.transactionJson("inv-" + i, customer, "PURCHASE", at,
                    (1 + random.nextInt(20_000)) / 100 + "." + (10 + random.nextInt(90)));
            events.add(new byte[][] {customer.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8),
                    longBytes(at.toEpochMilli())});
        }
        reference("bare pipe", pipe(), events);
        reference("naive aggregate", naiveAggregate(), events);
        try (SegmentationDriver app = new SegmentationDriver()) {
            app.publishModel(SegmentModelFixtures.loyalAtRiskLost(1));
            for (int i = 0; i < WARM_UP; i++) {
                pipe(app, events.get(i));
            }
            app.changes.readValuesToList();
            app.profiles.readValuesToList();
            long began = System.nanoTime();
            for (int i = WARM_UP; i < WARM_UP + MEASURED; i++) {
                pipe(app, events.get(i));
                if (i % 10_000 == 0) {
                    app.changes.readValuesToList(); // keep the captured output from growing without bound
                    app.profiles.readValuesToList();
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("TopologyTestDriver: %d events in %.2f s = %.0f events/s (%.1f µs per event)%n",
                    MEASURED, seconds, MEASURED / seconds, seconds * 1e6 / MEASURED);
        }
    }

    private static void reference(String name, org.apache.kafka.streams.Topology topology, List<byte[][]> events) {
        java.util.Properties properties = new java.util.Properties();
        properties.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, "reference");
        properties.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG,
                System.getProperty("java.io.tmpdir") + "/reference-" + System.nanoTime());
        try (org.apache.kafka.streams.TopologyTestDriver driver =
                     new org.apache.kafka.streams.TopologyTestDriver(topology, properties)) {
            var input = driver.createInputTopic("transactions", new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            var output = driver.createOutputTopic("out", new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            long began = 0;
            for (int i = 0; i < WARM_UP + MEASURED; i++) {
                if (i == WARM_UP) {
                    began = System.nanoTime();
                }
                byte[][] event = events.get(i);
                input.pipeInput(event[0], event[1], Instant.ofEpochMilli(bytesLong(event[2])));
                if (i % 10_000 == 0) {
                    output.readValuesToList();
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("%s: %d events in %.2f s = %.0f events/s (%.1f µs per event)%n", name, MEASURED,
                    seconds, MEASURED / seconds, seconds * 1e6 / MEASURED);
        }
    }

    private static org.apache.kafka.streams.Topology pipe() {
        var builder = new org.apache.kafka.streams.StreamsBuilder();
        var bytes = org.apache.kafka.common.serialization.Serdes.ByteArray();
        builder.stream("transactions", org.apache.kafka.streams.kstream.Consumed.with(bytes, bytes))
                .to("out", org.apache.kafka.streams.kstream.Produced.with(bytes, bytes));
        return builder.build();
    }

    /** Parse with Jackson, aggregate frequency and monetary per key in RocksDB as JSON, emit every update. */
    private static org.apache.kafka.streams.Topology naiveAggregate() {
        var builder = new org.apache.kafka.streams.StreamsBuilder();
        var bytes = org.apache.kafka.common.serialization.Serdes.ByteArray();
        var strings = org.apache.kafka.common.serialization.Serdes.String();
        var totals = org.rfmstream.schemas.JsonSerde.of(NaiveTotals.class);
        builder.stream("transactions", org.apache.kafka.streams.kstream.Consumed.with(strings,
                        org.rfmstream.schemas.Serdes.transaction()))
                .groupByKey()
                .aggregate(() -> new NaiveTotals(0, java.math.BigDecimal.ZERO, null),
                        (key, tx, agg) -> new NaiveTotals(agg.frequency() + 1, agg.monetary().add(tx.amount()),
                                tx.timestamp()),
                        org.apache.kafka.streams.kstream.Materialized
                                .<String, NaiveTotals, org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as("naive")
                                .withKeySerde(strings).withValueSerde(totals))
                .toStream()
                .to("out", org.apache.kafka.streams.kstream.Produced.with(strings, totals));
        return builder.build();
    }

    record NaiveTotals(long frequency, java.math.BigDecimal monetary, Instant lastPurchase) {
    }

    private static void pipe(SegmentationDriver app, byte[][] event) {
        app.send(event[0], event[1], Instant.ofEpochMilli(bytesLong(event[2])));
    }

    private static byte[] longBytes(long value) {
        return java.nio.ByteBuffer.allocate(8).putLong(value).array();
    }

    private static long bytesLong(byte[] bytes) {
        return java.nio.ByteBuffer.wrap(bytes).getLong();
    }
}
