package org.rfmstream.streams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.StreamsApp;
import org.rfmstream.streams.config.StreamsSettings;
import org.rfmstream.testsupport.KafkaBroker;

/**
 * One complete streams-app instance (Kafka Streams over the real topology, the HTTP API, the live feed), started
 * in-process through {@link StreamsApp#start(Settings)} with nothing but settings, as {@code main} starts it.
 */
final class AppInstance implements AutoCloseable {

    private final String host;
    private final StreamsApp.Running running;
    private boolean closed;

    private AppInstance(String host, StreamsApp.Running running) {
        this.host = host;
        this.running = running;
    }

    /**
     * @param extra more settings, e.g. {@code NUM_STANDBY_REPLICAS}; they win over the defaults here
     */
    static AppInstance start(KafkaBroker broker, TopicNames topics, String applicationId, Path stateDir,
                             Map<String, String> extra) {
        return start(broker, topics, applicationId, stateDir, extra, freePort());
    }

    /** Started on the given HTTP port: with the same port and state dir, a restart of the same instance. */
    static AppInstance start(KafkaBroker broker, TopicNames topics, String applicationId, Path stateDir,
                             Map<String, String> extra, int port) {
        String host = "localhost:" + port;
        Map<String, String> settings = new HashMap<>();
        settings.put(Settings.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(Settings.APPLICATION_ID, applicationId);
        settings.put(Settings.STATE_DIR, stateDir.toString());
        settings.put(Settings.HTTP_PORT, Integer.toString(port));
        settings.put(Settings.APPLICATION_SERVER, host);
        settings.put(StreamsSettings.COMMIT_INTERVAL, "PT0.1S");
        // Kafka Streams does not leave the group on close: a stopped instance's partitions move after the
        // session timeout, kept at the broker's minimum here.
        settings.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        settings.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        settings.put(TopicNames.TOPIC_TRANSACTIONS, topics.transactions());
        settings.put(TopicNames.TOPIC_SEGMENT_CHANGES, topics.segmentChanges());
        settings.put(TopicNames.TOPIC_CUSTOMER_PROFILES, topics.customerProfiles());
        settings.put(TopicNames.TOPIC_SEGMENT_MODELS, topics.segmentModels());
        settings.put(TopicNames.TOPIC_TRANSACTIONS_DLQ, topics.transactionsDlq());
        settings.put(TopicNames.TOPIC_CUSTOMER_ERASURES, topics.customerErasures());
        settings.putAll(extra);
        return new AppInstance(host, StreamsApp.start(Settings.of(settings)));
    }

    /** {@code localhost:port}: the APPLICATION_SERVER the other instances forward to, and the HTTP address. */
    String host() {
        return host;
    }

    KafkaStreams.State state() {
        return running.streams().state();
    }

    int port() {
        return Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
    }

    /** The tasks this instance is active for, e.g. {@code 0_3}. */
    Set<String> activeTasks() {
        return running.streams().metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .map(task -> task.taskId().toString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** How many rebalances this instance's group member has taken part in (its consumer's rebalance-total). */
    double rebalances() {
        return running.streams().metrics().entrySet().stream()
                .filter(entry -> entry.getKey().name().equals("rebalance-total")
                        && entry.getKey().group().equals("consumer-coordinator-metrics"))
                .mapToDouble(entry -> ((Number) entry.getValue().metricValue()).doubleValue())
                .sum();
    }

    /** Stops the instance as its shutdown hook does (live feed, HTTP server, Kafka Streams); idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            running.close();
        }
    }

    @Override
    public String toString() {
        return host;
    }

    /** Names for the six topics no other test uses, created on the broker. */
    static TopicNames createTopics(KafkaBroker broker, int partitions) {
        TopicNames topics = new TopicNames(broker.unique("transactions"), broker.unique("segment-changes"),
                broker.unique("customer-profiles"), broker.unique("segment-models"), broker.unique("dlq"),
                broker.unique("customer-erasures"));
        broker.createTopic(topics.transactions(), partitions, false);
        broker.createTopic(topics.segmentChanges(), partitions, false);
        broker.createTopic(topics.customerProfiles(), partitions, true);
        broker.createTopic(topics.segmentModels(), 1, true);
        broker.createTopic(topics.transactionsDlq(), 1, false);
        broker.createTopic(topics.customerErasures(), partitions, true);
        return topics;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
