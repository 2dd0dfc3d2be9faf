package org.rfmstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.StreamsApp;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.config.StreamsSettings;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.state.CustomerProfileStore;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.streams.state.SegmentStatsStore;
import org.rfmstream.streams.state.StoreNames;
import org.rfmstream.streams.topology.SegmentationTopology;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

/**
 * On a real broker with exactly-once: valid events, duplicates, garbage and records keyed by something else; the
 * application is stopped abruptly mid-stream and a fresh instance (no local state) takes over. The final
 * profiles equal the batch computation exactly: nothing lost, nothing counted twice, garbage in the DLQ once.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SegmentationEosIT {

    private static final Instant T0 = Instant.parse("2011-01-01T00:00:00Z");
    private static final int CUSTOMERS = 300;
    private static final int EVENTS = 8_000;

    @Test
    void anAbruptStopAndRestartLosesNothingAndCountsNothingTwice(KafkaBroker broker) throws Exception {
        TopicNames topics = new TopicNames(broker.unique("transactions"), broker.unique("segment-changes"),
                broker.unique("customer-profiles"), broker.unique("segment-models"), broker.unique("dlq"),
                broker.unique("customer-erasures"));
        broker.createTopic(topics.transactions(), 3, false);
        broker.createTopic(topics.segmentChanges(), 3, false);
        broker.createTopic(topics.customerProfiles(), 3, true);
        broker.createTopic(topics.segmentModels(), 1, true);
        broker.createTopic(topics.transactionsDlq(), 1, false);
        broker.createTopic(topics.customerErasures(), 3, true);

        Map<String, Expected> expected = new HashMap<>();
        int garbage = produceInput(broker, topics, expected);

        String applicationId = broker.unique("segmentation-eos");
        KafkaStreams first = start(broker, topics, applicationId);
        SimpleMeterRegistry firstRegistry = registryOf(first);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> processed(firstRegistry) >= EVENTS / 5);
        first.close(Duration.ZERO); // abrupt: no waiting for a clean commit

        KafkaStreams second = start(broker, topics, applicationId);
        long secondStarted = System.nanoTime();
        try {
            Map<String, CustomerProfile> latest = new HashMap<>();
            List<byte[]> deadLetters = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = committedReader(broker)) {
                consumer.subscribe(List.of(topics.customerProfiles(), topics.transactionsDlq()));
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.topic().equals(topics.transactionsDlq())) {
                            deadLetters.add(record.value());
                        } else {
                            latest.put(record.key(), Serdes.customerProfile().deserialize(record.topic(),
                                    record.value()));
                        }
                    }
                    assertThat(latest).hasSameSizeAs(expected);
                    expected.forEach((customerId, figures) -> {
                        CustomerProfile profile = latest.get(customerId);
                        assertThat(profile).as("profile of %s", customerId).isNotNull();
                        assertThat(profile.frequency()).as("frequency of %s", customerId)
                                .isEqualTo(figures.frequency);
                        assertThat(profile.monetary()).as("monetary of %s", customerId)
                                .isEqualByComparingTo(figures.monetary());
                        assertThat(profile.refunded()).as("refunded of %s", customerId)
                                .isEqualByComparingTo(figures.refunded);
                        assertThat(profile.lastPurchase()).as("last purchase of %s", customerId)
                                .isEqualTo(figures.lastPurchase);
                    });
                    assertThat(deadLetters).hasSize(garbage);
                });
                double seconds = (System.nanoTime() - secondStarted) / 1e9;
                System.out.printf("EOS restart: the new instance finished %.0f events in %.1f s after it started"
                        + " (rebalance and restore included)%n", processed(registryOf(second)), seconds);
                assertThat(latest.values()).filteredOn(profile -> profile.frequency() > 0)
                        .allSatisfy(profile -> assertThat(profile.segment()).isNotNull());
                // the segment totals, rebuilt from the restored profiles, agree with the batch computation
                List<Expected> buyers = expected.values().stream().filter(figures -> figures.frequency > 0).toList();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                    SegmentStats all = SegmentStatsStore.of(second).totals().values().stream()
                            .reduce(SegmentStats.EMPTY, SegmentStats::plus);
                    assertThat(all.customers()).isEqualTo(buyers.size());
                    assertThat(all.frequencySum()).isEqualTo(buyers.stream().mapToLong(f -> f.frequency).sum());
                    assertThat(all.monetaryCentsSum()).isEqualTo(buyers.stream()
                            .mapToLong(f -> Money.toCents(f.monetary())).sum());
                });
                // the membership index, rebuilt in memory from the restored profiles, lists every customer under
                // the segment of its latest committed profile (read on, in case a review moved someone since)
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.topic().equals(topics.customerProfiles())) {
                            latest.put(record.key(), Serdes.customerProfile().deserialize(record.topic(),
                                    record.value()));
                        }
                    }
                    Map<String, Set<String>> bySegment = latest.values().stream()
                            .filter(profile -> profile.segment() != null)
                            .collect(Collectors.groupingBy(CustomerProfile::segment,
                                    Collectors.mapping(CustomerProfile::customerId, Collectors.toSet())));
                    ReadOnlyKeyValueStore<Bytes, byte[]> members = second.store(StoreQueryParameters.fromNameAndType(
                            StoreNames.SEGMENT_MEMBERS, QueryableStoreTypes.keyValueStore()));
                    assertThat(bySegment).isNotEmpty();
                    bySegment.forEach((segment, customers) -> assertThat(CustomerProfileStore.segmentPage(
                            List.of(members), segment, null, Integer.MAX_VALUE))
                            .as("customers of %s", segment).containsExactlyInAnyOrderElementsOf(customers));
                });
            }
        } finally {
            second.close(Duration.ofSeconds(30));
            first.close(Duration.ofSeconds(30));
        }
    }

    private static final class Expected {
        long frequency;
        BigDecimal purchased = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        Instant lastPurchase;

        BigDecimal monetary() {
            BigDecimal net = purchased.subtract(refunded);
            return net.signum() < 0 ? BigDecimal.ZERO : net;
        }
    }

    /** Produces the model and the events; returns how many records are garbage. */
    private static int produceInput(KafkaBroker broker, TopicNames topics, Map<String, Expected> expected)
            throws Exception {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Random random = new Random(42);
        int garbage = 0;
        List<String[]> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            SegmentModel model = model();
            producer.send(new ProducerRecord<>(topics.segmentModels(), model.name(), Json.toString(model))).get();
            for (int i = 0; i < EVENTS; i++) {
                // The whole input spans less than the 7 days of event time the dedup remembers: under
                // exactly-once a re-keyed original becomes visible only when its transaction commits, possibly
                // after a fast replay has moved stream time days further (and out of the dedup window).
                Instant at = T0.plus(Duration.ofMinutes(i));
                String customer = "cust-" + random.nextInt(CUSTOMERS);
                int kind = random.nextInt(20);
                if (kind == 0) {
                    producer.send(new ProducerRecord<>(topics.transactions(), null, at.toEpochMilli(), customer,
                            "{\"eventId\":\"broken\",\"customerId\":" + i + "}"));
                    garbage++;
                    continue;
                }
                if (kind <= 2 && !sent.isEmpty()) {
                    String[] again = sent.get(random.nextInt(sent.size()));
                    producer.send(new ProducerRecord<>(topics.transactions(), null, at.toEpochMilli(), again[0],
                            again[1]));
                    continue;
                }
                boolean refund = kind == 3;
                String amount = (1 + random.nextInt(30_000)) / 100 + "." + (10 + random.nextInt(90));
                String eventId = "ev-" + i;
                String json = "{\"eventId\":\"" + eventId + "\",\"customerId\":\"" + customer + "\",\"type\":\""
                        + (refund ? "REFUND" : "PURCHASE") + "\",\"timestamp\":\"" + at + "\",\"amount\":" + amount
                        + "}";
                String key = kind == 4 ? null : customer;
                producer.send(new ProducerRecord<>(topics.transactions(), null, at.toEpochMilli(), key, json));
                sent.add(new String[] {customer, json});
                Expected figures = expected.computeIfAbsent(customer, c -> new Expected());
                if (refund) {
                    figures.refunded = figures.refunded.add(new BigDecimal(amount));
                } else {
                    figures.frequency++;
                    figures.purchased = figures.purchased.add(new BigDecimal(amount));
                    figures.lastPurchase = at;
                }
            }
            producer.flush();
        }
        return garbage;
    }

    private static SegmentModel model() {
        List<SegmentModel.Segment> segments = List.of(
                segment("champions", 5, 20, 3000),
                segment("loyal", 30, 8, 800),
                segment("at-risk", 120, 4, 300),
                segment("lost", 400, 1, 50));
        return new SegmentModel(SegmentModel.DEFAULT_NAME, 1, T0, T0, SegmentModel.FEATURES,
                SegmentModel.TRANSFORM_LOG1P, new SegmentModel.Scaler(new double[] {0, 0, 0},
                new double[] {1, 1, 1}), segments, new SegmentModel.Quality(4, 0.5, 1, List.of(), null), 100);
    }

    private static SegmentModel.Segment segment(String id, double recency, double frequency, double monetary) {
        return new SegmentModel.Segment(id, id, "act", new double[] {Math.log1p(recency), Math.log1p(frequency),
                Math.log1p(monetary)}, 1, null);
    }

    private static final Map<KafkaStreams, SimpleMeterRegistry> REGISTRIES = new HashMap<>();

    private static KafkaStreams start(KafkaBroker broker, TopicNames topics, String applicationId) throws Exception {
        Path stateDir = Files.createTempDirectory("segmentation-eos");
        Settings settings = Settings.of(Map.ofEntries(
                Map.entry(Settings.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers()),
                Map.entry(Settings.APPLICATION_ID, applicationId),
                Map.entry(Settings.STATE_DIR, stateDir.toString()),
                Map.entry(StreamsSettings.COMMIT_INTERVAL, "PT0.1S"),
                // Kafka Streams does not leave the group on close: the stopped instance's partitions move to the
                // new one after the session timeout, kept short here.
                Map.entry("KAFKA_SESSION_TIMEOUT_MS", "6000"),
                Map.entry("KAFKA_HEARTBEAT_INTERVAL_MS", "1000"),
                Map.entry(TopicNames.TOPIC_TRANSACTIONS, topics.transactions()),
                Map.entry(TopicNames.TOPIC_SEGMENT_CHANGES, topics.segmentChanges()),
                Map.entry(TopicNames.TOPIC_CUSTOMER_PROFILES, topics.customerProfiles()),
                Map.entry(TopicNames.TOPIC_SEGMENT_MODELS, topics.segmentModels()),
                Map.entry(TopicNames.TOPIC_TRANSACTIONS_DLQ, topics.transactionsDlq()),
                Map.entry(TopicNames.TOPIC_CUSTOMER_ERASURES, topics.customerErasures())));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SegmentationMetrics metrics = new SegmentationMetrics(registry);
        Properties properties = StreamsSettings.properties(settings, metrics);
        assertThat(properties.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        KafkaStreams streams = StreamsApp.newKafkaStreams(
                SegmentationTopology.build(SegmentationOptions.from(settings), metrics), properties);
        streams.start();
        REGISTRIES.put(streams, registry);
        return streams;
    }

    private static SimpleMeterRegistry registryOf(KafkaStreams streams) {
        return REGISTRIES.get(streams);
    }

    private static double processed(SimpleMeterRegistry registry) {
        return registry.get(SegmentationMetrics.EVENTS).tag("result", "processed").counter().count();
    }

    private static KafkaConsumer<String, byte[]> committedReader(KafkaBroker broker) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, broker.unique("reader"));
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
