package org.rfmstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.ErasureRequest;
import org.rfmstream.schemas.ErasureRequests;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.StreamsApp;
import org.rfmstream.streams.config.StreamsSettings;
import org.rfmstream.streams.state.SegmentMembers;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.streams.state.StoreNames;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;
import org.rfmstream.testsupport.PrometheusScrape;

/**
 * The right to erasure end to end, on a real broker: two streams-app instances (one standby replica each, so every
 * instance holds every partition), customers on all four partitions, eight of them erased (over HTTP and as
 * {@code ops erase} sends them), and then every place checked: each instance's stores through interactive queries
 * (standby copies included), the HTTP answers of both instances, the compacted {@code customer-profiles} topic's
 * last value per key, the {@code segment-changes} chains, and the trainer's profile snapshot. Both instances then
 * restart, one of them from an empty state directory (restoring from the changelogs), and nothing comes back.
 *
 * <p>It lives in the trainer module because only here may the trainer's own snapshot reader run (the trainer links
 * GPL code that the other modules must not depend on); the streams-app is Apache-2.0 and may be used from here.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ErasureIT {

    private static final int PARTITIONS = 4;
    private static final int CUSTOMERS = 24;
    private static final String TOKEN = "erasure-it-token";
    private static final Instant T0 = Instant.parse("2011-06-01T00:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Instance> instances = new ArrayList<>();
    private KafkaBroker broker;
    private TopicNames topics;
    private String applicationId;

    @AfterEach
    void stopAll() {
        instances.forEach(Instance::close);
    }

    @Test
    void anErasedCustomerIsGoneFromEveryStoreTopicAndSnapshotAndStaysGoneAfterARestart(KafkaBroker kafka,
                                                                                      @TempDir Path dirs)
            throws Exception {
        broker = kafka;
        topics = createTopics();
        applicationId = broker.unique("erasure-it");
        publishModel();
        instances.add(start(dirs.resolve("a")));
        instances.add(start(dirs.resolve("b")));
        awaitRunning();

        List<String> all = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            all.add("cust-" + i);
        }
        produceTwoPurchasesEach(all);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String id : all) {
                assertThat(get(instances.get(id.hashCode() & 1), id).statusCode()).as(id).isEqualTo(200);
            }
        });

        // two customers of each partition: four erased over HTTP (through either instance), four as ops erase does
        List<String> erased = twoOfEachPartition(all);
        Set<String> kept = new TreeSet<>(all);
        erased.forEach(kept::remove);
        List<String> sentAsOpsEraseDoes = new ArrayList<>();
        for (int i = 0; i < erased.size(); i++) {
            if (i % 2 == 0) {
                HttpResponse<String> answer = post(instances.get(i / 2 % 2), "/api/customers/" + erased.get(i)
                        + "/erase", "{\"reason\":\"it\"}");
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            } else {
                sentAsOpsEraseDoes.add(erased.get(i));
            }
        }
        sendErasures(sentAsOpsEraseDoes);
        assertThat(post(instances.get(0), "/api/customers/nobody/erase", "").statusCode()).isEqualTo(202);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                everyInstanceHoldsExactly(kept, erased));
        changesEndEachErasedChainWithOneErasure(all, erased);
        theCompactedTopicsLastValueIsATombstone(kept, erased);
        theTrainersSnapshotHasNoErasedCustomer(kept, erased);
        PrometheusScrape metrics = PrometheusScrape.union(scrape(instances.get(0)), scrape(instances.get(1)));
        assertThat(metrics.sum("segmentation_erasures_total", Map.of("result", "erased"))).isEqualTo(8);
        assertThat(metrics.sum("segmentation_erasures_total", Map.of("result", "unknown"))).isEqualTo(1);

        // Both stop; one comes back with its state, the other from nothing (it restores from the changelogs).
        instances.forEach(Instance::close);
        instances.clear();
        instances.add(start(dirs.resolve("a")));
        instances.add(start(dirs.resolve("b-afresh")));
        awaitRunning();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                everyInstanceHoldsExactly(kept, erased));
        theCompactedTopicsLastValueIsATombstone(kept, erased);
        theTrainersSnapshotHasNoErasedCustomer(kept, erased);

        // A later purchase under an erased id starts a new customer.
        String back = erased.getFirst();
        produce(back, "again-" + back, T0.plus(Duration.ofDays(30)), "5.00");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            HttpResponse<String> answer = get(instances.get(1), back);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(answer.body()).get("frequency").asLong()).isEqualTo(1);
        });
    }

    // ---- the checks

    /**
     * Each instance's own copies (active and standby: {@code enableStaleStores}) of the profile store hold the kept
     * customers and no erased one; the membership index and the segment totals of the active copies count only the
     * kept; and through either instance the erased answer 404 and the kept 200.
     */
    private void everyInstanceHoldsExactly(Set<String> kept, List<String> erased) {
        long counted = 0;
        Set<String> members = new HashSet<>();
        for (Instance instance : instances) {
            assertThat(keys(instance.streams(), StoreNames.PROFILES)).as("profiles held by %s", instance)
                    .containsExactlyInAnyOrderElementsOf(kept);
            ReadOnlyKeyValueStore<Bytes, byte[]> index = instance.streams().store(StoreQueryParameters
                    .fromNameAndType(StoreNames.SEGMENT_MEMBERS, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
            forEach(index, (key, value) -> members.add(SegmentMembers.customerId(key)));
            ReadOnlyKeyValueStore<String, SegmentStats> totals = instance.streams().store(StoreQueryParameters
                    .fromNameAndType(StoreNames.SEGMENT_STATS,
                            QueryableStoreTypes.<String, SegmentStats>keyValueStore()));
            List<Long> customers = new ArrayList<>();
            forEach(totals, (segment, stats) -> customers.add(stats.customers()));
            counted += customers.stream().mapToLong(Long::longValue).sum();
            for (String id : erased) {
                assertThat(get(instance, id).statusCode()).as("GET %s through %s", id, instance).isEqualTo(404);
            }
        }
        assertThat(members).as("membership index").containsExactlyInAnyOrderElementsOf(kept);
        assertThat(counted).as("customers in the segment totals").isEqualTo(kept.size());
        for (String id : kept) {
            assertThat(get(instances.get(id.hashCode() & 1), id).statusCode()).as(id).isEqualTo(200);
        }
    }

    /** Per customer the changes form one chain; an erased customer's ends with its one ERASURE, segment null. */
    private void changesEndEachErasedChainWithOneErasure(List<String> all, List<String> erased) {
        Map<String, List<SegmentChange>> chains = new HashMap<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            chains.clear();
            readTopic(topics.segmentChanges(), (key, value) -> chains.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(Json.fromBytes(value, SegmentChange.class)));
            for (String id : erased) {
                assertThat(chains.get(id)).as("changes of %s", id).isNotEmpty()
                        .last().extracting(SegmentChange::reason).isEqualTo(ChangeReason.ERASURE);
            }
        });
        for (String id : all) {
            List<SegmentChange> chain = chains.get(id);
            assertThat(chain).as("changes of %s", id).isNotEmpty();
            String previous = null;
            for (SegmentChange change : chain) {
                assertThat(change.previousSegment()).as("chain of %s", id).isEqualTo(previous);
                previous = change.segment();
            }
            long erasures = chain.stream().filter(change -> change.reason() == ChangeReason.ERASURE).count();
            assertThat(erasures).as("erasures of %s", id).isEqualTo(erased.contains(id) ? 1 : 0);
        }
        for (String id : erased) {
            SegmentChange erasure = chains.get(id).getLast();
            assertThat(erasure.segment()).isNull();
            assertThat(erasure.rfm()).isNull();
        }
    }

    /** What compaction keeps: per key the last value, a tombstone for every erased customer. */
    private void theCompactedTopicsLastValueIsATombstone(Set<String> kept, List<String> erased) {
        Map<String, byte[]> last = new LinkedHashMap<>();
        readTopic(topics.customerProfiles(), last::put);
        for (String id : erased) {
            assertThat(last).as("customer-profiles has had %s", id).containsKey(id);
            assertThat(last.get(id)).as("last value of %s", id).isNull();
        }
        for (String id : kept) {
            assertThat(last.get(id)).as("last value of %s", id).isNotNull();
        }
    }

    /** The trainer's own reader, as a training run uses it. */
    private void theTrainersSnapshotHasNoErasedCustomer(Set<String> kept, List<String> erased) {
        ProfileSnapshot snapshot = new KafkaProfileSource(broker.clientProperties(), topics.customerProfiles(),
                Duration.ofSeconds(30), false).read();
        assertThat(snapshot.customers()).extracting(customer -> customer.customerId())
                .containsExactlyInAnyOrderElementsOf(kept);
        assertThat(snapshot.tombstones()).isGreaterThanOrEqualTo(erased.size());
    }

    // ---- set-up and input

    private TopicNames createTopics() {
        TopicNames names = new TopicNames(broker.unique("transactions"), broker.unique("segment-changes"),
                broker.unique("customer-profiles"), broker.unique("segment-models"), broker.unique("dlq"),
                broker.unique("customer-erasures"));
        broker.createTopic(names.transactions(), PARTITIONS, false);
        broker.createTopic(names.segmentChanges(), PARTITIONS, false);
        broker.createTopic(names.customerProfiles(), PARTITIONS, true);
        broker.createTopic(names.segmentModels(), 1, true);
        broker.createTopic(names.transactionsDlq(), 1, false);
        broker.createTopic(names.customerErasures(), PARTITIONS, true);
        return names;
    }

    /** Two segments that only recency separates: "recent" (5 days) and "lapsed" (200 days), in the wire format. */
    private void publishModel() throws Exception {
        String model = "{\"name\":\"rfm-kmeans\",\"version\":1,\"trainedAt\":\"2011-01-01T00:00:00Z\","
                + "\"asOf\":\"2011-01-01T00:00:00Z\",\"features\":[\"recency\",\"frequency\",\"monetary\"],"
                + "\"transform\":\"log1p\",\"scaler\":{\"mean\":[0,0,0],\"std\":[1,1,1]},\"segments\":["
                + segment("recent", 5) + "," + segment("lapsed", 200) + "],"
                + "\"quality\":{\"k\":2,\"silhouette\":0.5,\"inertia\":1.0,\"candidates\":[]},"
                + "\"trainingCustomers\":20}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.clientProperties(),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topics.segmentModels(), "rfm-kmeans", model)).get();
        }
    }

    private static String segment(String id, double recencyDays) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"action\":\"act\",\"centroid\":["
                + Math.log1p(recencyDays) + "," + Math.log1p(2) + "," + Math.log1p(100) + "],\"size\":10}";
    }

    private void produceTwoPurchasesEach(List<String> ids) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.clientProperties(),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < ids.size(); i++) {
                Instant first = T0.plus(Duration.ofHours(i));
                producer.send(purchase(ids.get(i), "a-" + i, first, "40.00"));
                producer.send(purchase(ids.get(i), "b-" + i, first.plus(Duration.ofDays(1 + i % 5)), "60.00"));
            }
        }
    }

    private void produce(String customerId, String eventId, Instant at, String amount) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.clientProperties(),
                new StringSerializer(), new StringSerializer())) {
            producer.send(purchase(customerId, eventId, at, amount)).get();
        }
    }

    private ProducerRecord<String, String> purchase(String customerId, String eventId, Instant at, String amount) {
        String json = "{\"eventId\":\"" + eventId + "\",\"customerId\":\"" + customerId + "\",\"type\":\"PURCHASE\","
                + "\"timestamp\":\"" + at + "\",\"amount\":" + amount + ",\"currency\":\"GBP\"}";
        return new ProducerRecord<>(topics.transactions(), null, at.toEpochMilli(), customerId, json);
    }

    /** The records {@code ops erase} sends. */
    private void sendErasures(List<String> customerIds) {
        ErasureRequest request = new ErasureRequest(Instant.now(), null);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(broker.clientProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            customerIds.forEach(id -> producer.send(ErasureRequests.record(topics.customerErasures(), id, request)));
        }
    }

    private static List<String> twoOfEachPartition(List<String> ids) {
        Map<Integer, List<String>> byPartition = new HashMap<>();
        for (String id : ids) {
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            List<String> chosen = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (chosen.size() < 2) {
                chosen.add(id);
            }
        }
        assertThat(byPartition).hasSize(PARTITIONS).allSatisfy((partition, chosen) -> assertThat(chosen).hasSize(2));
        return byPartition.values().stream().flatMap(List::stream).toList();
    }

    // ---- instances

    private Instance start(Path stateDir) {
        int port = freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put(Settings.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(Settings.APPLICATION_ID, applicationId);
        settings.put(Settings.STATE_DIR, stateDir.toString());
        settings.put(Settings.HTTP_PORT, Integer.toString(port));
        settings.put(Settings.APPLICATION_SERVER, "localhost:" + port);
        settings.put(StreamsSettings.COMMIT_INTERVAL, "PT0.1S");
        settings.put(StreamsSettings.NUM_STANDBY_REPLICAS, "1");
        settings.put("API_TOKEN", TOKEN);
        settings.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        settings.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        settings.put(TopicNames.TOPIC_TRANSACTIONS, topics.transactions());
        settings.put(TopicNames.TOPIC_SEGMENT_CHANGES, topics.segmentChanges());
        settings.put(TopicNames.TOPIC_CUSTOMER_PROFILES, topics.customerProfiles());
        settings.put(TopicNames.TOPIC_SEGMENT_MODELS, topics.segmentModels());
        settings.put(TopicNames.TOPIC_TRANSACTIONS_DLQ, topics.transactionsDlq());
        settings.put(TopicNames.TOPIC_CUSTOMER_ERASURES, topics.customerErasures());
        return new Instance("localhost:" + port, StreamsApp.start(Settings.of(settings)));
    }

    private void awaitRunning() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Instance instance : instances) {
                assertThat(instance.streams().state()).as("%s", instance).isEqualTo(KafkaStreams.State.RUNNING);
            }
        });
    }

    private record Instance(String host, StreamsApp.Running running) {
        KafkaStreams streams() {
            return running.streams();
        }

        void close() {
            running.close();
        }

        @Override
        public String toString() {
            return host;
        }
    }

    // ---- reading

    private static Set<String> keys(KafkaStreams streams, String store) {
        ReadOnlyKeyValueStore<String, Object> copies = streams.store(StoreQueryParameters
                .fromNameAndType(store, QueryableStoreTypes.<String, Object>keyValueStore()).enableStaleStores());
        Set<String> keys = new HashSet<>();
        forEach(copies, (key, value) -> keys.add(key));
        return keys;
    }

    private static <K, V> void forEach(ReadOnlyKeyValueStore<K, V> store, BiConsumer<K, V> action) {
        try (KeyValueIterator<K, V> all = store.all()) {
            all.forEachRemaining(entry -> action.accept(entry.key, entry.value));
        }
    }

    /** Every committed record of the topic from the beginning, in offset order per partition. */
    private void readTopic(String topic, BiConsumer<String, byte[]> action) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    action.accept(record.key(), record.value());
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
    }

    private static HttpResponse<String> get(Instance instance, String customerId) {
        return send(instance, HttpRequest.newBuilder(uri(instance, "/api/customers/" + customerId)).GET());
    }

    private static HttpResponse<String> post(Instance instance, String path, String body) {
        return send(instance, HttpRequest.newBuilder(uri(instance, path))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static PrometheusScrape scrape(Instance instance) {
        return PrometheusScrape.parse(send(instance, HttpRequest.newBuilder(uri(instance, "/metrics")).GET()).body());
    }

    private static URI uri(Instance instance, String path) {
        return URI.create("http://" + instance.host() + path);
    }

    private static HttpResponse<String> send(Instance instance, HttpRequest.Builder request) {
        try {
            return HTTP.send(request.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + instance + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
