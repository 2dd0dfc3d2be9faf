package org.rfmstream.ops.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.rfmstream.ops.OpsException;

/**
 * Creates the topics that are missing and leaves existing ones alone: running it again changes nothing. An existing
 * topic that differs from its spec (partitions, cleanup policy, a compaction lag above the spec's) is reported, never
 * altered, since repartitioning a keyed topic or changing its cleanup policy would break the keys' placement or the
 * data (a compaction lag can be lowered with {@code kafka-configs.sh --alter}, see the README's privacy section).
 */
public final class TopicCreator {

    private static final long TIMEOUT_SECONDS = 30;

    public enum Status { CREATED, EXISTS, EXISTS_DIFFERENT }

    public record Outcome(TopicSpec spec, Status status, String detail) {
    }

    private final Admin admin;

    public TopicCreator(Admin admin) {
        this.admin = admin;
    }

    public List<Outcome> ensure(Collection<TopicSpec> specs) {
        Set<String> existing = await(admin.listTopics().names(), "list the topics");
        List<Outcome> outcomes = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (existing.contains(spec.name())) {
                outcomes.add(compare(spec));
            } else {
                outcomes.add(create(spec));
            }
        }
        return outcomes;
    }

    private Outcome create(TopicSpec spec) {
        try {
            admin.createTopics(List.of(spec.toNewTopic())).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Outcome(spec, Status.CREATED, describe(spec.partitions(), spec.compacted()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return compare(spec); // created by someone else meanwhile
            }
            throw new OpsException("cannot create topic " + spec.name() + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new OpsException("Kafka did not answer within " + TIMEOUT_SECONDS + " s while creating " + spec.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted while creating " + spec.name(), e);
        }
    }

    private Outcome compare(TopicSpec spec) {
        TopicDescription description = describe(spec.name());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(List.of(resource)).all(),
                "read the settings of topic " + spec.name());
        ConfigEntry policy = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
        boolean compacted = policy != null && policy.value() != null
                && policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT);
        int partitions = description.partitions().size();
        List<String> differences = new ArrayList<>();
        if (partitions != spec.partitions()) {
            differences.add(partitions + " partitions instead of " + spec.partitions());
        }
        if (compacted != spec.compacted()) {
            differences.add(compacted ? "compacted, but should not be" : "not compacted, but should be");
        }
        String wantedLag = spec.configs().get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG);
        ConfigEntry lag = configs.get(resource).get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG);
        if (wantedLag != null && lag != null && lag.value() != null
                && Long.parseLong(lag.value()) > Long.parseLong(wantedLag)) {
            // a profile an erasure replaced stays on disk until compacted: that delay must stay bounded
            differences.add(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG + " is " + lag.value() + ", above " + wantedLag
                    + ", so erased customers' data may stay that long");
        }
        return differences.isEmpty()
                ? new Outcome(spec, Status.EXISTS, describe(partitions, compacted))
                : new Outcome(spec, Status.EXISTS_DIFFERENT, String.join("; ", differences) + " (left unchanged)");
    }

    /** A topic just created (by us or by someone else) can be listed a moment before every broker can describe it. */
    private TopicDescription describe(String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return await(admin.describeTopics(List.of(topic)).topicNameValues().get(topic), "describe topic " + topic);
            } catch (OpsException e) {
                if (!(e.getCause() instanceof ExecutionException cause
                        && cause.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpsException("interrupted while describing " + topic, e);
            }
        }
    }

    private static String describe(int partitions, boolean compacted) {
        return partitions + (partitions == 1 ? " partition" : " partitions") + (compacted ? ", compacted" : "");
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new OpsException("cannot " + what + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new OpsException("Kafka did not answer within " + TIMEOUT_SECONDS + " s when asked to " + what
                    + ": is it running and is the bootstrap address right?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted while trying to " + what, e);
        }
    }
}
