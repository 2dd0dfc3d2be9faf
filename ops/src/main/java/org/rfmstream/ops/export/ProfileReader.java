package org.rfmstream.ops.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rfmstream.ops.OpsException;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted {@code customer-profiles} topic from its beginning to its end as of the start of the read:
 * the latest profile of every customer (a tombstone removes one). It uses no consumer group and commits nothing,
 * and reads only committed records, since the application writes with exactly-once.
 */
public final class ProfileReader {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileReader.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Properties clientProperties;
    private final Duration timeout;

    public ProfileReader(Properties clientProperties, Duration timeout) {
        this.clientProperties = clientProperties;
        this.timeout = timeout;
    }

    /** The latest profile per customerId; a value that cannot be read is logged and left out. */
    public Map<String, CustomerProfile> readAll(String topic) {
        Map<String, CustomerProfile> profiles = new HashMap<>();
        read(topic, record -> apply(profiles, record));
        return profiles;
    }

    /**
     * The latest model of the compacted {@code segment-models} topic under the name, or null when there is none or
     * it cannot be read (then nothing model-based is exported).
     */
    public SegmentModel latestModel(String topic, String name) {
        SegmentModel[] latest = new SegmentModel[1];
        read(topic, record -> {
            if (!name.equals(record.key())) {
                return;
            }
            if (record.value() == null) {
                latest[0] = null;
                return;
            }
            try {
                SegmentModel model = Serdes.segmentModel().deserialize(record.topic(), record.value());
                if (ModelValidation.problems(model).isEmpty()) {
                    latest[0] = model;
                }
            } catch (SerializationException e) {
                LOG.warn("Skipped the unreadable model at {}-{} offset {}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        });
        return latest[0];
    }

    private void read(String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> apply) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "rfm-ops-export-" + topic);
        // asking for a missing topic must not create it, uncompacted, on a broker that auto-creates
        properties.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new OpsException("topic " + topic + " does not exist on "
                        + properties.getProperty("bootstrap.servers"));
            }
            List<TopicPartition> assigned = new ArrayList<>();
            partitions.forEach(info -> assigned.add(new TopicPartition(topic, info.partition())));
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            while (!reachedEnd(consumer, end.keySet(), end)) {
                if (System.nanoTime() > deadline) {
                    throw new OpsException("could not read " + topic + " to its end within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply.accept(record);
                }
            }
        } catch (KafkaException e) {
            throw new OpsException("cannot read " + topic + " from " + properties.getProperty("bootstrap.servers") + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Collection<TopicPartition> partitions,
                                      Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static void apply(Map<String, CustomerProfile> profiles, ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            profiles.remove(record.key());
            return;
        }
        try {
            profiles.put(record.key(), Serdes.customerProfile().deserialize(record.topic(), record.value()));
        } catch (SerializationException e) {
            LOG.warn("Left out the unreadable profile at {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }
}
