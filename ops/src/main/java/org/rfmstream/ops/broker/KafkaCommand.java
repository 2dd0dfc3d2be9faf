package org.rfmstream.ops.broker;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Runs a real single-node Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C; its data survives restarts.")
public final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "" + LocalKafka.DEFAULT_PORT, description = "client port (default ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--dir", description = "data directory (default data/kafka under the working directory)")
    private Path dir;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        LocalKafka kafka = LocalKafka.start(dir == null ? LocalKafka.defaultDir() : dir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Kafka...");
            kafka.close();
            System.out.println("Kafka stopped.");
        }, "kafka-shutdown"));
        System.out.printf("Kafka is ready at %s (cluster %s, data in %s, started in %.1f s). Press Ctrl-C to stop.%n",
                kafka.bootstrapServers(), kafka.clusterId(), kafka.dir(), (System.nanoTime() - started) / 1e9);
        kafka.awaitShutdown();
        return 0;
    }
}
