package org.rfmstream.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows {@code customer-profiles} (committed records only) for the whole run: which customers exist, for the
 * lookups, and every customer's latest profile, to tell when the application has caught up. Survives a broker
 * restart: the consumer simply waits for it.
 */
final class ProfileTracker implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Topics.Profile> latest = new ConcurrentHashMap<>();
    private final List<String> known = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    ProfileTracker(Topics topics) {
        consumer = topics.consumer();
        List<TopicPartition> partitions = profilePartitions(consumer);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::follow, "chaos-profile-tracker");
        thread.setDaemon(true);
        thread.start();
    }

    /** Right after the topics are created the broker's metadata may not list the topic yet: ask until it does. */
    private static List<TopicPartition> profilePartitions(KafkaConsumer<String, byte[]> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PROFILES, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(Topics.PROFILES, info.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                consumer.close();
                throw new ChaosException("the broker never listed the partitions of " + Topics.PROFILES);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // then ask again
        }
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                        continue;
                    }
                    if (latest.put(record.key(), Topics.profile(record.key(), record.value())) == null) {
                        synchronized (known) {
                            known.add(record.key());
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (KafkaException | ChaosException | IllegalStateException e) {
            failure = e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** A customer picked at random among those with a committed profile, or null before the first. */
    String randomKnownCustomer() {
        synchronized (known) {
            return known.isEmpty() ? null : known.get(ThreadLocalRandom.current().nextInt(known.size()));
        }
    }

    int knownCustomers() {
        synchronized (known) {
            return known.size();
        }
    }

    /** The latest profile of every customer seen so far (a live view). */
    Map<String, Topics.Profile> latest() {
        if (failure != null) {
            throw new ChaosException("the profile follower failed: " + failure, failure);
        }
        return latest;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
