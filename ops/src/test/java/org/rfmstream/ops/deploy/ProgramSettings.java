package org.rfmstream.ops.deploy;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;

/**
 * The environment variables the programs read, taken from the code's own constants, so that a deployment
 * file cannot set a name no program reads (a typo there is silently ignored at run time).
 */
final class ProgramSettings {

    /** Read by every program through {@link Settings}. */
    static final Set<String> READ_BY_CODE = Set.of(
            Settings.KAFKA_BOOTSTRAP_SERVERS,
            Settings.APPLICATION_ID,
            Settings.HTTP_PORT,
            Settings.APPLICATION_SERVER,
            Settings.STATE_DIR,
            Settings.SEGMENTATION_CLOCK,
            TopicNames.TOPIC_TRANSACTIONS,
            TopicNames.TOPIC_SEGMENT_CHANGES,
            TopicNames.TOPIC_CUSTOMER_PROFILES,
            TopicNames.TOPIC_SEGMENT_MODELS,
            TopicNames.TOPIC_TRANSACTIONS_DLQ);

    // ---- PENDING: owned by modules that are not on main yet. The lead replaces each with the real constant.
    /** streams-app: {@code num.standby.replicas}. */
    static final String NUM_STANDBY_REPLICAS = "NUM_STANDBY_REPLICAS";
    /** trainer: the port of its /metrics and /health with {@code --every}. */
    static final String TRAINER_HTTP_PORT = "TRAINER_HTTP_PORT";
    /** streams-app: optional bearer token for /api/*. */
    static final String API_TOKEN = "API_TOKEN";
    static final Set<String> PENDING = Set.of(NUM_STANDBY_REPLICAS, TRAINER_HTTP_PORT, API_TOKEN);
    /** streams-app: the values of SEGMENTATION_CLOCK (DESIGN.md "Time"). */
    static final Set<String> PENDING_CLOCK_VALUES = Set.of("event-time", "wall-clock");
    /** ops topics: default partition count of the keyed topics (issue 2). */
    static final int PENDING_DEFAULT_PARTITIONS = 6;
    // ---- end of PENDING

    /** Read by the JVM itself, not by our code. */
    static final Set<String> READ_BY_JVM = Set.of("JAVA_TOOL_OPTIONS");

    private static final Set<String> KAFKA_CLIENT_PROPERTIES = Stream.of(
                    ProducerConfig.configNames(), ConsumerConfig.configNames(), AdminClientConfig.configNames())
            .flatMap(Set::stream)
            .collect(Collectors.toUnmodifiableSet());

    private ProgramSettings() {
    }

    /** Whether some program reads this variable. */
    static boolean isRead(String name) {
        return READ_BY_CODE.contains(name) || PENDING.contains(name) || READ_BY_JVM.contains(name)
                || isKafkaClientProperty(name);
    }

    /** {@code KAFKA_*} passes through to the Kafka clients; it must then name a real client property. */
    static boolean isKafkaClientProperty(String name) {
        if (!name.startsWith("KAFKA_")) {
            return false;
        }
        // The code's own mapping from variable to property name.
        String marker = "marker-value";
        var properties = Settings.of(Map.of(name, marker)).kafkaProperties();
        return properties.stringPropertyNames().stream()
                .filter(property -> marker.equals(properties.getProperty(property)))
                .anyMatch(KAFKA_CLIENT_PROPERTIES::contains);
    }
}
