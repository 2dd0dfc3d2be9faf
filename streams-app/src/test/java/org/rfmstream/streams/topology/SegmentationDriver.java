package org.rfmstream.streams.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.ErasureRequest;
import org.rfmstream.schemas.ErasureRequests;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.errors.DeadLetterDeserializationHandler;
import org.rfmstream.streams.errors.DeadLetterProcessingHandler;
import org.rfmstream.streams.errors.ErrorHandling;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.state.CustomerProfileStore;
import org.rfmstream.streams.state.CustomerState;
import org.rfmstream.streams.state.StoreNames;

/** The segmentation topology in a TopologyTestDriver, with the vocabulary the tests speak. */
final class SegmentationDriver implements AutoCloseable {

    /** The driver's wall clock starts here: far after the test data, which is historical. */
    static final Instant WALL_CLOCK_START = Instant.parse("2030-01-01T00:00:00Z");
    static final String APPLICATION_ID = "segmentation-test";
    /** The profile store's changelog topic, as Kafka Streams names it. */
    static final String PROFILE_CHANGELOG = APPLICATION_ID + "-" + StoreNames.PROFILES + "-changelog";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SegmentationMetrics metrics = new SegmentationMetrics(registry);
    final SegmentationOptions options;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> transactions;
    final TestInputTopic<String, byte[]> models;
    final TestInputTopic<byte[], byte[]> erasures;
    final TestOutputTopic<String, SegmentChange> changes;
    final TestOutputTopic<String, CustomerProfile> profiles;
    final TestOutputTopic<byte[], byte[]> dlq;
    private final Path stateDir;
    /** The logged stores that outlive this driver, by name; null when they are RocksDB, which it wipes. */
    private final Map<String, SurvivingStore> survivingStores;

    SegmentationDriver() {
        this(SegmentationOptions.defaults());
    }

    SegmentationDriver(SegmentationOptions options) {
        this(options, newStateDir(), null);
    }

    private SegmentationDriver(SegmentationOptions options, Path stateDir, Map<String, SurvivingStore> surviving) {
        this.options = options;
        this.stateDir = stateDir;
        this.survivingStores = surviving;
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        ErrorHandling.configure(properties, metrics, options.topics().transactionsDlq());
        Topology topology = surviving == null ? SegmentationTopology.build(options, metrics)
                : SegmentationTopology.build(options, metrics,
                        name -> SurvivingStore.supplier(surviving.computeIfAbsent(name, SurvivingStore::new)));
        driver = new TopologyTestDriver(topology, properties, WALL_CLOCK_START);
        TopicNames topics = options.topics();
        transactions = driver.createInputTopic(topics.transactions(), new ByteArraySerializer(),
                new ByteArraySerializer());
        models = driver.createInputTopic(topics.segmentModels(), new StringSerializer(), new ByteArraySerializer());
        erasures = driver.createInputTopic(topics.customerErasures(), new ByteArraySerializer(),
                new ByteArraySerializer());
        changes = driver.createOutputTopic(topics.segmentChanges(), new StringDeserializer(),
                Serdes.segmentChange());
        profiles = driver.createOutputTopic(topics.customerProfiles(), new StringDeserializer(),
                Serdes.customerProfile());
        dlq = driver.createOutputTopic(topics.transactionsDlq(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static Path newStateDir() {
        try {
            return Files.createTempDirectory("segmentation-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A driver whose logged stores survive {@link #restarted()}: what a restarted instance, or a task moved to
     * another instance, gets back from its changelogs.
     */
    static SegmentationDriver restartable() {
        return new SegmentationDriver(SegmentationOptions.defaults(), newStateDir(), new HashMap<>());
    }

    /**
     * Stops this instance and starts a new one on the same logged state: every processor, schedule and in-memory
     * store is new, and the global model store is empty until the model is published again (in production it is
     * restored from the compacted topic).
     */
    SegmentationDriver restarted() {
        if (survivingStores == null) {
            throw new IllegalStateException("only a driver made by restartable() can restart");
        }
        close();
        return new SegmentationDriver(options, newStateDir(), survivingStores);
    }

    // ---- input

    static String transactionJson(String eventId, String customerId, String type, Instant timestamp, String amount) {
        return "{\"eventId\":\"" + eventId + "\",\"customerId\":\"" + customerId + "\",\"type\":\"" + type
                + "\",\"timestamp\":\"" + timestamp + "\",\"amount\":" + amount + ",\"currency\":\"GBP\"}";
    }

    void purchase(String customerId, String eventId, Instant at, String amount) {
        send(customerId, transactionJson(eventId, customerId, "PURCHASE", at, amount), at);
    }

    void refund(String customerId, String eventId, Instant at, String amount) {
        send(customerId, transactionJson(eventId, customerId, "REFUND", at, amount), at);
    }

    /** A record as a producer would send it: key, raw value, record timestamp. */
    void send(String key, String value, Instant recordTimestamp) {
        send(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), recordTimestamp);
    }

    void send(byte[] key, byte[] value, Instant recordTimestamp) {
        transactions.pipeInput(new TestRecord<>(key, value, new RecordHeaders(), recordTimestamp));
    }

    void send(byte[] key, byte[] value, Headers headers, Instant recordTimestamp) {
        transactions.pipeInput(new TestRecord<>(key, value, headers, recordTimestamp));
    }

    /** An erasure request for the customer, as {@code ops erase} sends it. */
    void erase(String customerId, Instant requestedAt) {
        ProducerRecord<String, byte[]> record = ErasureRequests.record(options.topics().customerErasures(),
                customerId, new ErasureRequest(requestedAt, "test"));
        sendErasure(customerId.getBytes(StandardCharsets.UTF_8), record.value(), requestedAt);
    }

    void sendErasure(byte[] key, byte[] value, Instant recordTimestamp) {
        erasures.pipeInput(new TestRecord<>(key, value, new RecordHeaders(), recordTimestamp));
    }

    /** Publishes the model and lets the wall-clock model check pick it up. */
    void publishModel(SegmentModel model) {
        publishModelBytes(Json.toBytes(model));
    }

    void publishModelBytes(byte[] value) {
        models.pipeInput(SegmentModelFixtures.MODEL_NAME, value);
        tickWallClock();
    }

    void tickWallClock() {
        driver.advanceWallClockTime(options.modelCheckInterval());
    }

    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    // ---- output and state

    List<SegmentChange> changes() {
        return changes.readValuesToList();
    }

    Map<String, CustomerProfile> latestProfiles() {
        return profiles.readKeyValuesToMap();
    }

    /** Every record written to the profile store's changelog so far (each read once), in order. */
    List<TestRecord<String, byte[]>> profileChangelog() {
        return driver.createOutputTopic(PROFILE_CHANGELOG, new StringDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    <K, V> KeyValueStore<K, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    CustomerProfileStore profileStore() {
        KeyValueStore<String, CustomerState> store = driver.getKeyValueStore(StoreNames.PROFILES);
        return new CustomerProfileStore(store);
    }

    CustomerProfile profile(String customerId) {
        return profileStore().get(customerId).orElseThrow(() -> new AssertionError("no profile for " + customerId));
    }

    double events(String result) {
        Counter counter = registry.find(SegmentationMetrics.EVENTS).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    double counter(String name) {
        Counter counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
