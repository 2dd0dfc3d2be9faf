package org.rfmstream.streams.config;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.errors.DeadLetterDeserializationHandler;
import org.rfmstream.streams.errors.DeadLetterProcessingHandler;
import org.rfmstream.streams.errors.HandledProductionErrors;
import org.rfmstream.streams.errors.ErrorHandling;
import org.rfmstream.streams.metrics.SegmentationMetrics;

/**
 * The Kafka Streams configuration of the application, from {@link Settings}. Every {@code KAFKA_*} setting is
 * passed through last, so it can override anything here (SASL, TLS, or any Streams property).
 *
 * <p>Settings read here (defaults in brackets): {@code APPLICATION_ID} [rfm-segmentation],
 * {@code KAFKA_BOOTSTRAP_SERVERS} [localhost:9092], {@code APPLICATION_SERVER} [localhost:HTTP_PORT],
 * {@code STATE_DIR} [./data/state], {@code PROCESSING_GUARANTEE} [exactly_once_v2],
 * {@code NUM_STANDBY_REPLICAS} [0], {@code NUM_STREAM_THREADS} [1], {@code COMMIT_INTERVAL} [Streams' default:
 * 100 ms with exactly-once], {@code ROCKSDB_MEMORY_MB} [64], {@code STATE_CACHE_MB} [16],
 * {@code REPLICATION_FACTOR} [-1: the broker's default]. The internal topics it creates get
 * {@code max.compaction.lag.ms} of {@link #CHANGELOG_MAX_COMPACTION_LAG} ({@code KAFKA_TOPIC_MAX_COMPACTION_LAG_MS}
 * overrides it).
 */
public final class StreamsSettings {

    public static final String PROCESSING_GUARANTEE = "PROCESSING_GUARANTEE";
    public static final String NUM_STANDBY_REPLICAS = "NUM_STANDBY_REPLICAS";
    public static final String NUM_STREAM_THREADS = "NUM_STREAM_THREADS";
    public static final String COMMIT_INTERVAL = "COMMIT_INTERVAL";
    public static final String ROCKSDB_MEMORY_MB = "ROCKSDB_MEMORY_MB";
    public static final String STATE_CACHE_MB = "STATE_CACHE_MB";
    public static final String REPLICATION_FACTOR = "REPLICATION_FACTOR";

    public static final String DEFAULT_PROCESSING_GUARANTEE = StreamsConfig.EXACTLY_ONCE_V2;
    public static final int DEFAULT_ROCKSDB_MEMORY_MB = 64;
    public static final int DEFAULT_STATE_CACHE_MB = 16;
    /** The bound on how long an erased customer's data may stay uncompacted in a changelog the app creates. */
    public static final Duration CHANGELOG_MAX_COMPACTION_LAG = Duration.ofDays(1);

    private StreamsSettings() {
    }

    /**
     * @param metrics where the error handlers count what they handle
     * @throws ConfigException naming the first bad setting
     */
    public static Properties properties(Settings settings, SegmentationMetrics metrics) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.applicationServer());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.oneOf(PROCESSING_GUARANTEE,
                DEFAULT_PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE));
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, atLeast(settings, NUM_STANDBY_REPLICAS, 0, 0));
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, atLeast(settings, NUM_STREAM_THREADS, 1, 1));
        Duration commitInterval = settings.duration(COMMIT_INTERVAL, null);
        if (commitInterval != null) {
            if (commitInterval.isNegative() || commitInterval.isZero()) {
                throw new ConfigException(COMMIT_INTERVAL + " must be a positive duration such as PT0.1S, but is "
                        + commitInterval + ".");
            }
            properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        }
        properties.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
                atLeast(settings, STATE_CACHE_MB, 0, DEFAULT_STATE_CACHE_MB) * 1024L * 1024L);
        int replicationFactor = settings.integer(REPLICATION_FACTOR, -1);
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new ConfigException(REPLICATION_FACTOR + " must be -1 (the broker's default) or at least 1, but is "
                    + replicationFactor + ".");
        }
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        // The changelogs hold customers' data: an erased customer's last value goes once the log cleaner has run
        // past its tombstone, which without a bound Kafka may put off indefinitely (see the README, Privacy).
        properties.put(StreamsConfig.topicPrefix(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG),
                Long.toString(CHANGELOG_MAX_COMPACTION_LAG.toMillis()));

        properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
        properties.put(BoundedMemoryRocksDBConfig.TOTAL_MEMORY_BYTES,
                atLeast(settings, ROCKSDB_MEMORY_MB, 1, DEFAULT_ROCKSDB_MEMORY_MB) * 1024L * 1024L);

        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        properties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, HandledProductionErrors.class);
        ErrorHandling.configure(properties, metrics, settings.topics().transactionsDlq());

        properties.putAll(settings.kafkaProperties());
        return properties;
    }

    private static int atLeast(Settings settings, String name, int minimum, int defaultValue) {
        int value = settings.integer(name, defaultValue);
        if (value < minimum) {
            throw new ConfigException(name + " must be at least " + minimum + ", but is " + value + ".");
        }
        return value;
    }
}
