package org.rfmstream.ops.demo;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.rfmstream.ops.OpsException;

/**
 * How far the streams-app has got through the history: its committed offsets on the transactions topic against the
 * end of the topic when the history was sent. With exactly-once, an offset is committed together with the profiles
 * it produced, so "all committed" means every customer's profile is on {@code customer-profiles}.
 */
final class HistoryProgress implements AutoCloseable {

    private final Admin admin;
    private final String applicationId;
    private final String topic;

    HistoryProgress(Properties clientProperties, String applicationId, String topic) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.putIfAbsent("request.timeout.ms", "10000");
        properties.putIfAbsent("default.api.timeout.ms", "15000");
        this.admin = Admin.create(properties);
        this.applicationId = applicationId;
        this.topic = topic;
    }

    /** The current end offset of every partition of the topic. */
    Map<TopicPartition, Long> endOffsets() {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(15, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(15, TimeUnit.SECONDS);
            return ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException | TimeoutException e) {
            throw new OpsException("cannot read the end offsets of " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted", e);
        }
    }

    /** Records of {@code targets} the streams-app has committed, capped per partition at the target. */
    long committed(Map<TopicPartition, Long> targets) {
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return 0; // the group does not exist yet, or the broker is busy: ask again later
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        long committed = 0;
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            OffsetAndMetadata offset = offsets.get(target.getKey());
            committed += offset == null ? 0 : Math.min(offset.offset(), target.getValue());
        }
        return committed;
    }

    static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        admin.close();
    }
}
