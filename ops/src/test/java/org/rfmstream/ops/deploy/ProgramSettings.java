package org.rfmstream.ops.deploy;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.rfmstream.ops.topics.TopicSpec;
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
            TopicNames.TOPIC_TRANSACTIONS_DLQ,
            TopicNames.TOPIC_CUSTOMER_ERASURES);

    // Declared by streams-app and the trainer, which the ops tests cannot depend on (the trainer is GPL): read
    // from their source files, so a renamed variable fails these checks instead of being ignored at run time.
    private static final SourceConstants STREAMS_SETTINGS =
            SourceConstants.of("streams-app/src/main/java/org/rfmstream/streams/config/StreamsSettings.java");
    private static final SourceConstants HTTP_SETTINGS =
            SourceConstants.of("streams-app/src/main/java/org/rfmstream/streams/http/HttpSettings.java");
    private static final SourceConstants SEGMENTATION_OPTIONS =
            SourceConstants.of("streams-app/src/main/java/org/rfmstream/streams/config/SegmentationOptions.java");
    private static final SourceConstants TRAINER_SETTINGS =
            SourceConstants.of("trainer/src/main/java/org/rfmstream/trainer/TrainerSettings.java");

    /** streams-app: {@code num.standby.replicas}. */
    static final String NUM_STANDBY_REPLICAS = STREAMS_SETTINGS.string("NUM_STANDBY_REPLICAS");
    /** streams-app: its static group member id ({@code group.instance.id}). */
    static final String GROUP_INSTANCE_ID = STREAMS_SETTINGS.string("GROUP_INSTANCE_ID");
    /** streams-app: how long the group waits for a member that stopped before moving its tasks. */
    static final String SESSION_TIMEOUT = STREAMS_SETTINGS.string("SESSION_TIMEOUT");
    /** streams-app: optional bearer token for /api/*. */
    static final String API_TOKEN = HTTP_SETTINGS.string("API_TOKEN");
    /** trainer: the port of its /metrics and /health with {@code --every}. */
    static final String TRAINER_HTTP_PORT = TRAINER_SETTINGS.string("TRAINER_HTTP_PORT");
    /** trainer: the port it listens on when {@link #TRAINER_HTTP_PORT} is not set. */
    static final int TRAINER_DEFAULT_HTTP_PORT = TRAINER_SETTINGS.integer("DEFAULT_HTTP_PORT");
    /** Read by the programs, declared outside {@link Settings} and {@link TopicNames}. */
    static final Set<String> READ_BY_PROGRAMS = Set.of(NUM_STANDBY_REPLICAS, GROUP_INSTANCE_ID, SESSION_TIMEOUT,
            TRAINER_HTTP_PORT, API_TOKEN);
    /** streams-app and trainer: the values of SEGMENTATION_CLOCK (README, "Time"). */
    static final Set<String> CLOCK_VALUES = Set.copyOf(SEGMENTATION_OPTIONS.enumStrings("Clock"));
    /** ops topics: default partition count of the keyed topics. */
    static final int DEFAULT_PARTITIONS = TopicSpec.DEFAULT_PARTITIONS;

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
        return READ_BY_CODE.contains(name) || READ_BY_PROGRAMS.contains(name) || READ_BY_JVM.contains(name)
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
