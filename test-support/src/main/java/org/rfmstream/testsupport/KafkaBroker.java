package org.rfmstream.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Kafka broker for integration tests, whichever way it was provided (see {@link KafkaBrokerExtension}).
 * Tests share one broker per test JVM, so each test should name its topics and application ids with
 * {@link #unique(String)}.
 */
public interface KafkaBroker {

    /** The bootstrap servers of the broker, e.g. {@code 127.0.0.1:40123}. */
    String bootstrapServers();

    /** How the broker was provided: embedded, testcontainers or external. */
    String kind();

    /** A name no other test of this run uses, e.g. {@code transactions-3f9c1a}. */
    default String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Properties any client needs to reach the broker. */
    default Properties clientProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    default Admin admin() {
        return Admin.create(clientProperties());
    }

    /** Creates the topic with replication factor 1 and waits until it exists; an existing topic is kept. */
    default void createTopic(String name, int partitions, boolean compacted) {
        Map<String, String> configs = new HashMap<>();
        if (compacted) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }
}
