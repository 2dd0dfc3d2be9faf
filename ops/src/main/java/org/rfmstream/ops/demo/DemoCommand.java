package org.rfmstream.ops.demo;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the whole system on this machine: a Kafka broker, the topics, the streams-app and the "
                + "trainer, a year of generated purchase history and live purchases. Ctrl-C stops everything.",
                "Needs the streams-app and trainer jars: mvn -B package -DskipTests."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data/demo",
            description = "data directory, kept between runs (default ${DEFAULT-VALUE})")
    private Path dir;

    @Option(names = "--reset", description = "delete the data directory first and start over")
    private boolean reset;

    @Option(names = "--customers", paramLabel = "N",
            description = "customers in a new history (default " + DemoOptions.DEFAULT_CUSTOMERS + ", at least "
                    + DemoOptions.MIN_CUSTOMERS + ")")
    private Integer customers;

    @Option(names = "--seed", paramLabel = "S",
            description = "seed of a new history and of the live purchases (default " + DemoOptions.DEFAULT_SEED + ")")
    private Long seed;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "20",
            description = "live purchases and refunds per second, 0 for none (default ${DEFAULT-VALUE})")
    private double rate;

    @Option(names = "--train-every", paramLabel = "DURATION", defaultValue = "PT2M",
            description = "retrain this often once the first model is out (default ${DEFAULT-VALUE})")
    private Duration trainEvery;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "stop by itself after this long, e.g. PT5M (default: run until Ctrl-C)")
    private Duration duration;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092", description = "Kafka's port on 127.0.0.1 (default ${DEFAULT-VALUE})")
    private int kafkaPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
            description = "the streams-app's dashboard and API (default ${DEFAULT-VALUE})")
    private int httpPort;

    @Option(names = "--trainer-port", paramLabel = "PORT", defaultValue = "8081",
            description = "the trainer's /metrics and /health (default ${DEFAULT-VALUE})")
    private int trainerPort;

    @Option(names = "--app-jar", paramLabel = "JAR",
            description = "the streams-app jar (default: streams-app/target/streams-app.jar of this source tree)")
    private Path appJar;

    @Option(names = "--trainer-jar", paramLabel = "JAR",
            description = "the trainer jar (default: trainer/target/trainer.jar of this source tree)")
    private Path trainerJar;

    @Override
    public Integer call() {
        DemoOptions options = new DemoOptions(dir, reset, kafkaPort, httpPort, trainerPort, customers, seed, rate,
                duration, trainEvery, appJar, trainerJar);
        Duration sinceJvmStart = Duration.ofMillis(Math.max(0,
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()));
        Demo demo = new Demo(options, System.out, sinceJvmStart, System.getenv());
        demo.installShutdownHook();
        return demo.run();
    }
}
