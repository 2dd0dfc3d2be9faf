package org.rfmstream.streams.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.errors.DeadLetterDeserializationHandler;
import org.rfmstream.streams.errors.DeadLetterProcessingHandler;
import org.rfmstream.streams.errors.HandledProductionErrors;
import org.rfmstream.streams.errors.ErrorHandling;
import org.rfmstream.streams.errors.ThreadFailurePolicy;
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
 * overrides it). Membership: {@code GROUP_INSTANCE_ID} [derived from
 * {@code APPLICATION_SERVER}; {@code none} for a dynamic member], {@code SESSION_TIMEOUT} [PT60S],
 * {@code LEAVE_GROUP_ON_CLOSE} [false], {@code THREAD_FAILURE_LIMIT} [3] within {@code THREAD_FAILURE_WINDOW}
 * [PT10M].
 *
 * <p>Membership: each instance is a static member of the group (KIP-345, classic group protocol), so a restart
 * within the session timeout gets its tasks back without a rebalance, and a clean shutdown stays in the group. The
 * price: the tasks of an instance that crashed, or that was scaled away without {@code LEAVE_GROUP_ON_CLOSE},
 * wait for the session timeout before they move (standby copies keep answering reads meanwhile).
 */
public final class StreamsSettings {

    public static final String PROCESSING_GUARANTEE = "PROCESSING_GUARANTEE";
    public static final String NUM_STANDBY_REPLICAS = "NUM_STANDBY_REPLICAS";
    public static final String NUM_STREAM_THREADS = "NUM_STREAM_THREADS";
    public static final String COMMIT_INTERVAL = "COMMIT_INTERVAL";
    public static final String ROCKSDB_MEMORY_MB = "ROCKSDB_MEMORY_MB";
    public static final String STATE_CACHE_MB = "STATE_CACHE_MB";
    public static final String REPLICATION_FACTOR = "REPLICATION_FACTOR";
    public static final String GROUP_INSTANCE_ID = "GROUP_INSTANCE_ID";
    public static final String SESSION_TIMEOUT = "SESSION_TIMEOUT";
    public static final String LEAVE_GROUP_ON_CLOSE = "LEAVE_GROUP_ON_CLOSE";
    public static final String THREAD_FAILURE_LIMIT = "THREAD_FAILURE_LIMIT";
    public static final String THREAD_FAILURE_WINDOW = "THREAD_FAILURE_WINDOW";

    public static final String DEFAULT_PROCESSING_GUARANTEE = StreamsConfig.EXACTLY_ONCE_V2;
    public static final int DEFAULT_ROCKSDB_MEMORY_MB = 64;
    public static final int DEFAULT_STATE_CACHE_MB = 16;
    /** {@code GROUP_INSTANCE_ID=none}: a dynamic member, as before static membership. */
    public static final String NO_INSTANCE_ID = "none";
    /**
     * Long enough for a process or pod restart (measured in docs/RELIABILITY.md), short enough that a crashed
     * instance's tasks move within a minute; the broker's {@code group.max.session.timeout.ms} must allow it.
     */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_THREAD_FAILURE_LIMIT = 3;
    public static final Duration DEFAULT_THREAD_FAILURE_WINDOW = Duration.ofMinutes(10);
    /**
     * KIP-441 warm hand-back: a task moves to an instance only once its copy there is within this many records of
     * the changelog's end (Streams' default, and the lag up to which a standby answers reads).
     */
    static final long ACCEPTABLE_RECOVERY_LAG = 10_000;
    /** Warm-up copies restored at once while tasks move back; each costs restore traffic on the broker. */
    static final int MAX_WARMUP_REPLICAS = 2;
    /** How often Streams checks whether warm-ups have caught up: the minimum Streams allows (default 10 min). */
    static final Duration PROBING_REBALANCE_INTERVAL = Duration.ofMinutes(1);
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

        membership(settings, properties);

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

    /**
     * Static membership on the classic protocol, whose assignor also does KIP-441's warm hand-back. The
     * {@code streams} protocol (KIP-1071) accepts {@code group.instance.id} from 4.4 too, but there the session
     * timeout, the standby count and the assignor are the broker's group settings rather than the
     * application's, and brokers before 4.4 reject the instance id as a fatal error.
     */
    private static void membership(Settings settings, Properties properties) {
        properties.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        String instanceId = groupInstanceId(settings);
        if (instanceId != null) {
            properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        }
        Duration sessionTimeout = settings.duration(SESSION_TIMEOUT, DEFAULT_SESSION_TIMEOUT);
        if (sessionTimeout.compareTo(Duration.ofSeconds(1)) < 0 || sessionTimeout.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new ConfigException(SESSION_TIMEOUT + " must be between PT1S and PT30M, but is " + sessionTimeout
                    + ".");
        }
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                (int) sessionTimeout.toMillis());
        // a third of the session, as Kafka recommends, and never more than Kafka's 3 s default
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                (int) Math.min(3_000, sessionTimeout.toMillis() / 3));
        properties.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, ACCEPTABLE_RECOVERY_LAG);
        properties.put(StreamsConfig.MAX_WARMUP_REPLICAS_CONFIG, MAX_WARMUP_REPLICAS);
        properties.put(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG, PROBING_REBALANCE_INTERVAL.toMillis());
    }

    /**
     * {@code GROUP_INSTANCE_ID}, else one derived from {@code APPLICATION_SERVER} (unique per instance already,
     * and stable across restarts: the pod name in the StatefulSet, the service name in compose); null for
     * {@value #NO_INSTANCE_ID}. Kafka allows letters, digits, '.', '_' and '-' up to 249 characters.
     */
    public static String groupInstanceId(Settings settings) {
        String configured = settings.string(GROUP_INSTANCE_ID, null);
        if (configured == null) {
            String server = settings.applicationServer();
            // HTTP_PORT=0 without APPLICATION_SERVER: no address is stable, so no identity either
            return server.endsWith(":0") ? null : server.replaceAll("[^A-Za-z0-9._-]", "-");
        }
        if (configured.equalsIgnoreCase(NO_INSTANCE_ID)) {
            return null;
        }
        if (!configured.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new ConfigException(GROUP_INSTANCE_ID + " may only have letters, digits, '.', '_' and '-' (at "
                    + "most 249), but is '" + configured + "'.");
        }
        return configured;
    }

    /** {@code THREAD_FAILURE_LIMIT} stream-thread failures within {@code THREAD_FAILURE_WINDOW} stop the client. */
    public static ThreadFailurePolicy threadFailurePolicy(Settings settings) {
        int limit = atLeast(settings, THREAD_FAILURE_LIMIT, 1, DEFAULT_THREAD_FAILURE_LIMIT);
        Duration window = settings.duration(THREAD_FAILURE_WINDOW, DEFAULT_THREAD_FAILURE_WINDOW);
        if (window.isNegative() || window.isZero()) {
            throw new ConfigException(THREAD_FAILURE_WINDOW + " must be a positive duration such as PT10M, but is "
                    + window + ".");
        }
        return new ThreadFailurePolicy(limit, window, Clock.systemUTC());
    }

    /** Whether a clean shutdown leaves the group ({@code LEAVE_GROUP_ON_CLOSE}), moving its tasks at once. */
    public static boolean leaveGroupOnClose(Settings settings) {
        return settings.bool(LEAVE_GROUP_ON_CLOSE, false);
    }

    private static int atLeast(Settings settings, String name, int minimum, int defaultValue) {
        int value = settings.integer(name, defaultValue);
        if (value < minimum) {
            throw new ConfigException(name + " must be at least " + minimum + ", but is " + value + ".");
        }
        return value;
    }
}
