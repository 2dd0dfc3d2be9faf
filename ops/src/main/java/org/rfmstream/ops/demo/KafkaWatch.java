package org.rfmstream.ops.demo;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.schemas.SegmentModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows what the system publishes, as any Kafka client would: every model on {@code segment-models} (from the
 * beginning, so the model in force is known at once) and the segment changes on {@code segment-changes} from now on.
 * Reads only committed records, since the streams-app writes with exactly-once transactions.
 */
final class KafkaWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWatch.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> models;
    private final KafkaConsumer<byte[], byte[]> changes;
    private final String modelsTopic;
    private final String changesTopic;
    private final Consumer<SegmentModel> onModel;
    private final Thread thread;
    private final CountDownLatch modelsCaughtUp = new CountDownLatch(1);
    private final Map<ChangeReason, AtomicLong> changesByReason = new EnumMap<>(ChangeReason.class);
    private volatile SegmentModel latestModel;
    private volatile boolean running = true;

    /** @param onModel called on the watch's thread for each valid model, the one in force at the start included */
    KafkaWatch(Properties clientProperties, String modelsTopic, String changesTopic, Consumer<SegmentModel> onModel) {
        this.modelsTopic = modelsTopic;
        this.changesTopic = changesTopic;
        this.onModel = onModel;
        this.models = new KafkaConsumer<>(consumerProperties(clientProperties, "models"));
        this.changes = new KafkaConsumer<>(consumerProperties(clientProperties, "changes"));
        for (ChangeReason reason : ChangeReason.values()) {
            changesByReason.put(reason, new AtomicLong());
        }
        this.thread = new Thread(this::watch, "demo-watch");
        this.thread.setDaemon(true);
    }

    void start() {
        List<TopicPartition> modelPartitions = partitions(models, modelsTopic);
        models.assign(modelPartitions);
        models.seekToBeginning(modelPartitions);
        List<TopicPartition> changePartitions = partitions(changes, changesTopic);
        changes.assign(changePartitions);
        changes.seekToEnd(changePartitions);
        changePartitions.forEach(changes::position); // resolve "end" now, not at the first poll
        thread.start();
    }

    /** Waits until the models published before the start are read; false if that took longer than {@code timeout}. */
    boolean awaitModelsRead(Duration timeout) throws InterruptedException {
        return modelsCaughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The newest valid model seen, or null. */
    SegmentModel latestModel() {
        return latestModel;
    }

    long changes() {
        return changesByReason.values().stream().mapToLong(AtomicLong::get).sum();
    }

    Map<ChangeReason, Long> changesByReason() {
        Map<ChangeReason, Long> counts = new EnumMap<>(ChangeReason.class);
        changesByReason.forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }

    private void watch() {
        try {
            Map<TopicPartition, Long> modelsEnd = models.endOffsets(models.assignment());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : models.poll(POLL)) {
                    readModel(record);
                }
                if (modelsCaughtUp.getCount() > 0
                        && modelsEnd.entrySet().stream().allMatch(end -> models.position(end.getKey()) >= end.getValue())) {
                    modelsCaughtUp.countDown();
                }
                for (ConsumerRecord<byte[], byte[]> record : changes.poll(POLL)) {
                    readChange(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the demo stopped following {} and {}", modelsTopic, changesTopic, e);
        } finally {
            models.close(Duration.ofSeconds(5));
            changes.close(Duration.ofSeconds(5));
        }
    }

    private void readModel(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            SegmentModel model = Json.fromBytes(record.value(), SegmentModel.class);
            if (!ModelValidation.problems(model).isEmpty()) {
                return;
            }
            SegmentModel previous = latestModel;
            if (previous == null || model.version() > previous.version()) {
                latestModel = model;
                onModel.accept(model);
            }
        } catch (RuntimeException e) {
            LOG.warn("unreadable model at {}-{} offset {}", record.topic(), record.partition(), record.offset(), e);
        }
    }

    private void readChange(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            SegmentChange change = Json.fromBytes(record.value(), SegmentChange.class);
            if (change.reason() != null) {
                changesByReason.get(change.reason()).incrementAndGet();
            }
        } catch (RuntimeException e) {
            LOG.warn("unreadable segment change at {}-{} offset {}", record.topic(), record.partition(),
                    record.offset(), e);
        }
    }

    /** A topic created a moment ago may not be in the metadata yet: ask again for a while. */
    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new org.rfmstream.ops.OpsException("topic " + topic + " does not exist");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.rfmstream.ops.OpsException("interrupted while looking up " + topic, e);
            }
        }
    }

    private static Properties consumerProperties(Properties clientProperties, String purpose) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "rfm-demo-watch-" + purpose);
        return properties;
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            if (thread.getState() == Thread.State.NEW) {
                models.close(Duration.ofSeconds(5));
                changes.close(Duration.ofSeconds(5));
            }
            return;
        }
        models.wakeup();
        changes.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
