package org.rfmstream.streams.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.JsonSerde;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.schemas.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the {@code segment-changes} topic on its own thread and hands every committed change to a
 * {@link ChangeBroadcaster}, which serves the dashboard's live feed.
 *
 * <p>Every instance of the app reads all partitions itself (assigned, no consumer group, nothing committed),
 * so any instance's page shows every change. On start it reads back the last few records of each partition to
 * fill the history, then follows the end. Partitions of a topic that does not exist yet, or that are added
 * later, are picked up by a periodic check. Records it cannot read are logged, counted and skipped.
 */
public final class SegmentChangeFeed implements AutoCloseable {

    /** Size of the history of recent changes a new page shows at once. */
    public static final String CHANGES_FEED_HISTORY = "CHANGES_FEED_HISTORY";
    /** Changes buffered per client before a slow client is dropped. */
    public static final String CHANGES_FEED_CLIENT_BUFFER = "CHANGES_FEED_CLIENT_BUFFER";

    private static final Logger LOG = LoggerFactory.getLogger(SegmentChangeFeed.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PARTITION_CHECK_EVERY = Duration.ofSeconds(30);
    private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final Properties consumerProperties;
    private final String topic;
    private final ChangeBroadcaster broadcaster;
    private final JsonSerde<SegmentChange> serde = Serdes.segmentChange();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch following = new CountDownLatch(1);
    private final AtomicLong changesRead = new AtomicLong();
    private final AtomicLong unreadableRecords = new AtomicLong();
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile MeterRegistry registry;

    /**
     * @param kafkaProperties client properties (bootstrap servers, security); deserializers, isolation level and
     *                        offset handling are set here
     */
    public SegmentChangeFeed(Properties kafkaProperties, String topic, ChangeBroadcaster broadcaster) {
        this.consumerProperties = consumerProperties(kafkaProperties);
        this.topic = topic;
        this.broadcaster = broadcaster;
        this.thread = new Thread(this::run, "segment-change-feed");
        this.thread.setDaemon(true);
    }

    /** The feed of the configured {@code segment-changes} topic, with its history and buffer sizes; not started. */
    public static SegmentChangeFeed fromSettings(Settings settings) {
        ChangeBroadcaster broadcaster = new ChangeBroadcaster(
                settings.integer(CHANGES_FEED_HISTORY, ChangeBroadcaster.DEFAULT_HISTORY_SIZE),
                settings.integer(CHANGES_FEED_CLIENT_BUFFER, ChangeBroadcaster.DEFAULT_CLIENT_BUFFER));
        return new SegmentChangeFeed(settings.kafkaProperties(), settings.topics().segmentChanges(), broadcaster);
    }

    static Properties consumerProperties(Properties kafkaProperties) {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "rfm-segment-change-feed");
        return properties;
    }

    /** Binds the feed's Kafka consumer's own metrics ({@code kafka_consumer_*}) to the registry while it runs. */
    public SegmentChangeFeed withMetrics(MeterRegistry registry) {
        this.registry = registry;
        return this;
    }

    public SegmentChangeFeed start() {
        thread.start();
        return this;
    }

    public ChangeBroadcaster broadcaster() {
        return broadcaster;
    }

    public String topic() {
        return topic;
    }

    /** True once the feed follows the end of every partition it knows (history read back). */
    public boolean isFollowing() {
        return following.getCount() == 0;
    }

    /** Waits until the feed follows the topic's end; false on timeout. */
    public boolean awaitFollowing(Duration timeout) throws InterruptedException {
        return following.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long changesRead() {
        return changesRead.get();
    }

    public long unreadableRecords() {
        return unreadableRecords.get();
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            if (closing.getCount() == 0) {
                return;
            }
            try (KafkaClientMetrics metrics = bindMetrics(kafka)) {
                follow(kafka);
            }
        } catch (WakeupException e) {
            // close() woke the consumer: a normal stop
        } catch (RuntimeException e) {
            LOG.error("The segment-change feed stopped: the dashboard's live feed gets no new changes", e);
        } finally {
            consumer = null;
        }
    }

    private KafkaClientMetrics bindMetrics(KafkaConsumer<byte[], byte[]> kafka) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(kafka);
        if (registry != null) {
            metrics.bindTo(registry);
        }
        return metrics;
    }

    private void follow(KafkaConsumer<byte[], byte[]> kafka) {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> catchUpTo = Map.of();
        Instant nextPartitionCheck = Instant.MIN;
        boolean toldTopicMissing = false;
        while (closing.getCount() > 0) {
            try {
                if (!Instant.now().isBefore(nextPartitionCheck)) {
                    Map<TopicPartition, Long> added = assignNewPartitions(kafka, assigned);
                    if (!added.isEmpty()) {
                        var merged = new java.util.HashMap<>(catchUpTo);
                        merged.putAll(added);
                        catchUpTo = merged;
                    }
                    nextPartitionCheck = Instant.now().plus(PARTITION_CHECK_EVERY);
                }
                if (assigned.isEmpty()) {
                    if (!toldTopicMissing) {
                        LOG.info("Topic {} does not exist yet; the live feed waits for it", topic);
                        toldTopicMissing = true;
                    }
                    nextPartitionCheck = Instant.now().plus(RETRY_AFTER_ERROR);
                    pause(RETRY_AFTER_ERROR);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL_TIMEOUT)) {
                    read(record);
                }
                if (!isFollowing() && caughtUp(kafka, catchUpTo)) {
                    following.countDown();
                }
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                LOG.warn("Reading {} failed; retrying in {}: {}", topic, RETRY_AFTER_ERROR, e.toString());
                pause(RETRY_AFTER_ERROR);
            }
        }
    }

    /** Assigns partitions not yet assigned; returns them with the end offset their read-back must reach. */
    private Map<TopicPartition, Long> assignNewPartitions(KafkaConsumer<byte[], byte[]> kafka,
                                                          Set<TopicPartition> assigned) {
        List<PartitionInfo> partitions = kafka.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            return Map.of();
        }
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo partition : partitions) {
            TopicPartition topicPartition = new TopicPartition(topic, partition.partition());
            if (!assigned.contains(topicPartition)) {
                added.add(topicPartition);
            }
        }
        if (added.isEmpty()) {
            return Map.of();
        }
        boolean firstAssignment = assigned.isEmpty();
        assigned.addAll(added);
        kafka.assign(assigned);
        Map<TopicPartition, Long> beginnings = kafka.beginningOffsets(added);
        Map<TopicPartition, Long> ends = kafka.endOffsets(added);
        for (TopicPartition partition : added) {
            // Read back enough of each partition to fill the history; a partition added later is new: read it all.
            long from = firstAssignment
                    ? Math.max(beginnings.get(partition), ends.get(partition) - broadcaster.historySize())
                    : beginnings.get(partition);
            kafka.seek(partition, from);
        }
        LOG.info("The live feed follows {} partition(s) of {}", assigned.size(), topic);
        return ends;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> kafka.position(end.getKey()) >= end.getValue());
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        SegmentChange change;
        try {
            change = serde.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            unreadableRecords.incrementAndGet();
            LOG.warn("Skipping an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (change != null && change.reason() == ChangeReason.ERASURE && change.customerId() != null) {
            broadcaster.forget(change.customerId());
            return;
        }
        if (change == null || change.customerId() == null || change.segment() == null) {
            unreadableRecords.incrementAndGet();
            LOG.warn("Skipping a segment change without customer or segment at {}-{}@{}", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        changesRead.incrementAndGet();
        broadcaster.publish(change);
    }

    private void pause(Duration duration) {
        try {
            closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing.countDown();
        }
    }

    /** Stops reading, waits for the thread, and ends every client's stream. */
    @Override
    public void close() {
        closing.countDown();
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(SHUTDOWN_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The segment-change feed did not stop within {}", SHUTDOWN_WAIT);
        }
        broadcaster.close();
    }
}
