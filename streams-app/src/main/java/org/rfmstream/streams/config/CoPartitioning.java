package org.rfmstream.streams.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.TopicNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An erasure request reaches the task holding its customer only if {@code customer-erasures} has exactly as many
 * partitions as {@code transactions} (both keyed by the customer id with the default partitioner). Kafka Streams
 * does not check this for topics that are merged rather than joined, and a mismatch would leave customers
 * silently un-erased, so the application refuses to start with it.
 */
public final class CoPartitioning {

    private static final Logger LOG = LoggerFactory.getLogger(CoPartitioning.class);

    private CoPartitioning() {
    }

    /**
     * @throws ConfigException if both topics exist with different partition counts; a topic that does not exist yet,
     *                         or a broker that does not answer in time, is left to Kafka Streams to report
     */
    public static void check(Admin admin, TopicNames topics, Duration timeout) {
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(List.of(topics.transactions(), topics.customerErasures()))
                    .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                LOG.warn("Could not check that {} and {} have as many partitions: {}", topics.transactions(),
                        topics.customerErasures(), e.getCause().getMessage());
            }
            return;
        } catch (TimeoutException e) {
            LOG.warn("Could not check within {} that {} and {} have as many partitions", timeout,
                    topics.transactions(), topics.customerErasures());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int transactions = described.get(topics.transactions()).partitions().size();
        int erasures = described.get(topics.customerErasures()).partitions().size();
        if (transactions != erasures) {
            throw new ConfigException("Topic " + topics.customerErasures() + " has " + erasures + " partitions but "
                    + topics.transactions() + " has " + transactions + ": they must have as many, or erasure "
                    + "requests miss the customers they name. Recreate " + topics.customerErasures() + " with "
                    + transactions + " partitions (it is compacted; re-send requests still pending).");
        }
    }
}
