package org.rfmstream.trainer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rfmstream.schemas.config.ConfigException;

/**
 * Reads a topic from the beginning to the end offsets captured when reading starts: a consistent snapshot,
 * unaffected by what is written meanwhile. Only committed transactional records are read. No consumer group is
 * used, so nothing is committed and any number of trainers may read at once.
 */
final class TopicSnapshot {

    private static final Duration POLL = Duration.ofMillis(500);

    private TopicSnapshot() {
    }

    /**
     * @param stallTimeout give up when no record arrives for this long before the end is reached
     * @param progress     show a progress bar on the console
     * @return records read
     */
    static long read(Properties kafka, String topic, Duration stallTimeout, boolean progress,
                     Consumer<ConsumerRecord<String, byte[]>> handler) {
        return read(kafka, topic, stallTimeout, progress, null, handler);
    }

    /**
     * @param registry where the consumer's own metrics ({@code kafka_consumer_*}) are bound while it reads; null
     *                 for none
     */
    static long read(Properties kafka, String topic, Duration stallTimeout, boolean progress, MeterRegistry registry,
                     Consumer<ConsumerRecord<String, byte[]>> handler) {
        Properties properties = new Properties();
        properties.putAll(kafka);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "rfm-trainer-" + topic);
        properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties);
             KafkaClientMetrics metrics = new KafkaClientMetrics(consumer)) {
            if (registry != null) {
                metrics.bindTo(registry);
            }
            List<PartitionInfo> infos = consumer.partitionsFor(topic, stallTimeout);
            if (infos == null || infos.isEmpty()) {
                throw new ConfigException("Topic " + topic + " does not exist; create the topics first"
                        + " (java -jar ops/target/ops.jar topics).");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            long total = partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
            Map<TopicPartition, Long> remaining = new HashMap<>();
            partitions.forEach(p -> {
                if (end.get(p) > begin.get(p)) {
                    remaining.put(p, end.get(p));
                }
            });
            long read = 0;
            try (ProgressBar bar = progress ? progressBar(topic, total) : null) {
                long lastProgress = System.nanoTime();
                while (!remaining.isEmpty()) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    for (ConsumerRecord<String, byte[]> record : records) {
                        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                        if (record.offset() < end.get(partition)) {
                            handler.accept(record);
                            read++;
                        }
                    }
                    if (!records.isEmpty()) {
                        lastProgress = System.nanoTime();
                        if (bar != null) {
                            bar.stepTo(Math.min(total, positionSum(consumer, partitions, begin, end)));
                        }
                    } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                        throw new IllegalStateException("no progress reading " + topic + " for " + stallTimeout
                                + " with " + remaining.size() + " partitions unfinished; is the broker reachable?");
                    }
                    remaining.keySet().removeIf(p -> consumer.position(p) >= remaining.get(p));
                }
                if (bar != null) {
                    bar.stepTo(total);
                }
            }
            return read;
        }
    }

    private static long positionSum(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
                                    Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end) {
        long sum = 0;
        for (TopicPartition p : partitions) {
            sum += Math.min(consumer.position(p), end.get(p)) - begin.get(p);
        }
        return sum;
    }

    private static ProgressBar progressBar(String topic, long total) {
        return new ProgressBarBuilder()
                .setTaskName(topic)
                .setInitialMax(total)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .showSpeed()
                .build();
    }
}
