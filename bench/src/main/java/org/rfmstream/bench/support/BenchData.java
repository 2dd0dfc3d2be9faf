package org.rfmstream.bench.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rfmstream.bench.BenchException;
import org.rfmstream.ops.generate.RetailDataGenerator;
import org.rfmstream.ops.replay.ReplayOptions;
import org.rfmstream.ops.replay.ReplaySummary;
import org.rfmstream.ops.replay.TransactionReplayer;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionType;

/** The benchmarks' input: generated retail history, synthetic purchases, and a fixed segment model. */
public final class BenchData {

    public static final long SEED = 8;
    private static final Instant MODEL_TIME = Instant.parse("2011-12-10T00:00:00Z");

    private BenchData() {
    }

    /** Writes the generator's CSV for {@code customers} customers. */
    public static RetailDataGenerator.Summary generateCsv(Path file, int customers) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return new RetailDataGenerator(SEED, customers).write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Events (purchases and refunds) per generated customer, measured on a small sample of the same generator. */
    public static double eventsPerGeneratedCustomer() {
        int sample = 2_000;
        RetailDataGenerator.Summary summary;
        try {
            summary = new RetailDataGenerator(SEED, sample).write(Writer.nullWriter());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (summary.purchases() + summary.cancellations()) / (double) sample;
    }

    /** Replays a CSV with the product's own replayer (idempotent producer, acks=all). */
    public static ReplaySummary replay(Path csv, String bootstrapServers, String topic) {
        Properties client = new Properties();
        client.setProperty("bootstrap.servers", bootstrapServers);
        try (InputStream in = Files.newInputStream(csv)) {
            ReplaySummary summary = new TransactionReplayer(client, topic).replay(in, ReplayOptions.defaults());
            if (summary.sendFailures() > 0) {
                throw new BenchException(summary.sendFailures() + " events not sent: " + summary.firstFailure());
            }
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    public static KafkaProducer<String, byte[]> producer(String bootstrapServers, int lingerMs) {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs));
        properties.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        properties.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends one to three purchases for each of {@code customers} customers (ids {@code prefix0...}), spread over
     * a year of event time, keyed by customer id; returns the number of events.
     */
    public static long sendSyntheticPurchases(String bootstrapServers, String topic, String prefix, int customers) {
        SplittableRandom random = new SplittableRandom(SEED);
        Instant start = Instant.parse("2010-12-01T00:00:00Z");
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long sent = 0;
        // in time order, as a real history would arrive: the customers' k-th purchases at increasing times
        try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers, 20)) {
            for (int round = 0; round < 3; round++) {
                for (int c = 0; c < customers; c++) {
                    SplittableRandom customerRandom = new SplittableRandom(SEED * 31 + c);
                    int purchases = 1 + customerRandom.nextInt(3);
                    if (round >= purchases) {
                        continue;
                    }
                    String customerId = prefix + c;
                    Instant at = start.plus(Duration.ofMinutes(round * 120L * 24 * 60 + random.nextInt(120 * 24 * 60)));
                    Transaction transaction = purchase("e" + round + "-" + c, customerId, at,
                            BigDecimal.valueOf(500 + random.nextInt(50_000), 2));
                    producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), customerId,
                            Json.toBytes(transaction)), (metadata, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e);
                        }
                    });
                    sent++;
                }
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new BenchException(failed.get() + " synthetic events not sent: " + firstFailure.get());
        }
        return sent;
    }

    public static Transaction purchase(String eventId, String customerId, Instant at, BigDecimal amount) {
        return new Transaction(eventId, customerId, TransactionType.PURCHASE, at, amount, "GBP", "United Kingdom",
                null);
    }

    /**
     * A valid five-segment model over the generated shop's figures, built by hand (the benchmarks measure the
     * stream processing, not the trainer): Champions, Loyal, New, At Risk, Lost.
     */
    public static SegmentModel model(long version) {
        double[] mean = {Math.log1p(60), Math.log1p(4), Math.log1p(500)};
        double[] std = {1.2, 0.7, 1.2};
        List<SegmentModel.Segment> segments = new ArrayList<>();
        segments.add(segment("champions", "Champions", 5, 20, 3000, mean, std));
        segments.add(segment("loyal", "Loyal", 30, 10, 1200, mean, std));
        segments.add(segment("new-customers", "New Customers", 5, 1, 80, mean, std));
        segments.add(segment("at-risk", "At Risk", 150, 6, 800, mean, std));
        segments.add(segment("lost", "Lost", 300, 1, 60, mean, std));
        SegmentModel model = new SegmentModel(SegmentModel.DEFAULT_NAME, version, MODEL_TIME, MODEL_TIME,
                SegmentModel.FEATURES, SegmentModel.TRANSFORM_LOG1P, new SegmentModel.Scaler(mean, std), segments,
                new SegmentModel.Quality(segments.size(), 0.5, 1000, List.of(), null), 100_000);
        List<String> problems = ModelValidation.problems(model);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the benchmark model is invalid: " + problems);
        }
        return model;
    }

    private static SegmentModel.Segment segment(String id, String name, double recency, double frequency,
                                                double monetary, double[] mean, double[] std) {
        double[] raw = {recency, frequency, monetary};
        double[] centroid = new double[3];
        for (int i = 0; i < 3; i++) {
            centroid[i] = (Math.log1p(raw[i]) - mean[i]) / std[i];
        }
        return new SegmentModel.Segment(id, name, "benchmark", centroid, 1000,
                new SegmentModel.SegmentMean(recency, frequency, monetary));
    }

    public static void publishModel(String bootstrapServers, String topic, SegmentModel model) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers, 0)) {
            producer.send(new ProducerRecord<>(topic, model.name(), Json.toBytes(model))).get();
        } catch (Exception e) {
            throw new BenchException("cannot publish the benchmark model: " + e.getMessage(), e);
        }
    }
}
