package org.rfmstream.ops.topics;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.rfmstream.ops.KafkaOptions;
import org.rfmstream.ops.OpsException;
import org.rfmstream.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates the system's topics that do not exist yet; existing topics are left as they are.")
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--partitions", defaultValue = "" + TopicSpec.DEFAULT_PARTITIONS,
            description = "partitions of the keyed topics (default ${DEFAULT-VALUE}; segment-models always has 1)")
    private int partitions;

    @Option(names = "--replication-factor", defaultValue = "" + TopicSpec.DEFAULT_REPLICATION_FACTOR,
            description = "replicas of each partition (default ${DEFAULT-VALUE})")
    private short replicationFactor;

    @Override
    public Integer call() {
        if (partitions < 1 || replicationFactor < 1) {
            throw new OpsException("--partitions and --replication-factor must be at least 1");
        }
        Settings settings = kafka.settings();
        List<TopicSpec> specs = TopicSpec.forSystem(settings.topics(), partitions, replicationFactor);
        Properties properties = settings.kafkaProperties();
        properties.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        List<TopicCreator.Outcome> outcomes;
        try (Admin admin = Admin.create(properties)) {
            outcomes = new TopicCreator(admin).ensure(specs);
        }
        long created = 0;
        for (TopicCreator.Outcome outcome : outcomes) {
            String verb = switch (outcome.status()) {
                case CREATED -> "created       ";
                case EXISTS -> "exists        ";
                case EXISTS_DIFFERENT -> "exists, DIFFERS";
            };
            System.out.printf("%s %-20s %s%n", verb, outcome.spec().name(), outcome.detail());
            created += outcome.status() == TopicCreator.Status.CREATED ? 1 : 0;
        }
        System.out.println(created == 0
                ? "Nothing to do: all " + outcomes.size() + " topics exist on " + settings.bootstrapServers() + "."
                : "Created " + created + " of " + outcomes.size() + " topics on " + settings.bootstrapServers() + ".");
        return 0;
    }
}
