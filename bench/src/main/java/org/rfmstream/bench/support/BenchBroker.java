package org.rfmstream.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.rfmstream.bench.BenchException;
import org.rfmstream.ops.broker.LocalKafka;
import org.rfmstream.ops.topics.TopicCreator;
import org.rfmstream.ops.topics.TopicSpec;
import org.rfmstream.schemas.config.TopicNames;

/**
 * A real single-node Kafka ({@link LocalKafka}) on a free port with its data under a scratch directory, started for
 * one benchmark and deleted after it, plus the admin operations the benchmarks need: topics, end offsets, a
 * group's committed offsets, log sizes.
 */
public final class BenchBroker implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path workDir;
    private final LocalKafka kafka;
    private final Admin admin;

    private BenchBroker(Path workDir, LocalKafka kafka, Admin admin) {
        this.workDir = workDir;
        this.kafka = kafka;
        this.admin = admin;
    }

    /** Starts a broker whose data lives in {@code workDir/kafka}; {@code workDir} is deleted on close. */
    public static BenchBroker start(Path workDir) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new BenchException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        LocalKafka kafka = LocalKafka.start(workDir.resolve("kafka"), 0);
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new BenchBroker(workDir, kafka, Admin.create(properties));
    }

    /**
     * Starts a broker with the system's topics ({@code partitions} each for the keyed ones) and the benchmarks'
     * hand-made model (version 1) in force.
     */
    public static BenchBroker startWithModel(Path workDir, TopicNames topics, int partitions) {
        BenchBroker broker = start(workDir);
        broker.createTopics(TopicSpec.forSystem(topics, partitions, TopicSpec.DEFAULT_REPLICATION_FACTOR));
        BenchData.publishModel(broker.bootstrapServers(), topics.segmentModels(), BenchData.model(1));
        return broker;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public Path workDir() {
        return workDir;
    }

    /** A fresh directory for one Streams application's state. */
    public Path stateDir(String name) {
        Path dir = workDir.resolve("state").resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public void createTopics(Collection<TopicSpec> specs) {
        new TopicCreator(admin).ensure(specs);
    }

    public void createTopic(String name, int partitions, boolean compacted) {
        createTopics(List.of(new TopicSpec(name, partitions, TopicSpec.DEFAULT_REPLICATION_FACTOR,
                compacted ? Map.of("cleanup.policy", "compact") : Map.of())));
    }

    public void deleteTopics(Collection<String> names) {
        Set<String> existing = await(admin.listTopics().names());
        List<String> present = names.stream().filter(existing::contains).toList();
        if (!present.isEmpty()) {
            await(admin.deleteTopics(present).all());
        }
    }

    /** Every topic whose name starts with the prefix (e.g. an application's changelogs). */
    public List<String> topicsStartingWith(String prefix) {
        return await(admin.listTopics().names()).stream().filter(name -> name.startsWith(prefix)).sorted().toList();
    }

    public Map<TopicPartition, Long> endOffsets(String topic) {
        TopicDescription description = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = await(admin.listOffsets(request).all());
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    public long endOffsetSum(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Waits until the consumer group (a Streams application id) has committed the end of every partition of
     * {@code topic}: under exactly-once, that is the moment its last output is committed too.
     *
     * @return {@link System#nanoTime()} when it was seen
     */
    public long awaitCommitted(String groupId, String topic, Map<TopicPartition, Long> end, Duration timeout,
                        Runnable whileWaiting) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = await(
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
            boolean done = end.entrySet().stream().allMatch(e -> {
                OffsetAndMetadata offset = committed.get(e.getKey());
                return e.getValue() == 0 || (offset != null && offset.offset() >= e.getValue());
            });
            if (done) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                long behind = end.entrySet().stream().mapToLong(e -> {
                    OffsetAndMetadata offset = committed.get(e.getKey());
                    return e.getValue() - (offset == null ? 0 : offset.offset());
                }).sum();
                throw new BenchException(groupId + " did not commit all of " + topic + " within " + timeout + " ("
                        + behind + " records behind)");
            }
            whileWaiting.run();
            sleep(50);
        }
    }

    /** Bytes on the broker's disk per topic, for the topics given. */
    public Map<String, Long> logBytes(Collection<String> topics) {
        Map<Integer, Map<String, LogDirDescription>> dirs = await(admin.describeLogDirs(List.of(1)).allDescriptions());
        Map<String, Long> bytes = new java.util.TreeMap<>();
        dirs.values().forEach(byDir -> byDir.values().forEach(dir -> {
            for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                if (topics.contains(replica.getKey().topic())) {
                    bytes.merge(replica.getKey().topic(), replica.getValue().size(), Long::sum);
                }
            }
        }));
        return bytes;
    }

    public Admin admin() {
        return admin;
    }

    public static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new BenchException("Kafka refused a benchmark request: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new BenchException("Kafka did not answer within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    /** Total size of the regular files under {@code dir}. */
    public static long sizeOnDisk(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // deleted meanwhile (RocksDB compaction)
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        kafka.close();
        deleteRecursively(workDir);
    }
}
