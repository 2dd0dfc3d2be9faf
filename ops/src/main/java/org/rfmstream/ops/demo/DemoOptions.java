package org.rfmstream.ops.demo;

import java.nio.file.Path;
import java.time.Duration;
import org.rfmstream.ops.OpsException;
import org.rfmstream.ops.broker.LocalKafka;

/**
 * How the demo runs.
 *
 * @param customers  customers of a new history; null for the default, or for what the data dir already has
 * @param seed       seed of a new history and of the live traffic; null likewise
 * @param rate       live events per second; 0 for none
 * @param duration   stop by itself after this long; null to run until Ctrl-C
 * @param trainEvery the trainer's schedule once the first model is published
 * @param appJar     the streams-app jar; null to find it
 * @param trainerJar the trainer jar; null to find it
 */
public record DemoOptions(Path dir, boolean reset, int kafkaPort, int httpPort, int trainerPort, Integer customers,
                          Long seed, double rate, Duration duration, Duration trainEvery, Path appJar,
                          Path trainerJar) {

    public static final Path DEFAULT_DIR = Path.of("data", "demo");
    public static final int DEFAULT_KAFKA_PORT = LocalKafka.DEFAULT_PORT;
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_TRAINER_PORT = 8081;
    public static final int DEFAULT_CUSTOMERS = 3000;
    /** The trainer's quality gate wants 100 customers; fewer than this rarely gives well separated segments. */
    public static final int MIN_CUSTOMERS = 200;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_RATE = 20;
    public static final Duration DEFAULT_TRAIN_EVERY = Duration.ofMinutes(2);
    public static final Duration MIN_TRAIN_EVERY = Duration.ofSeconds(10);

    /** The defaults, with the data in {@code dir}. */
    public static DemoOptions defaults(Path dir) {
        return new DemoOptions(dir, false, DEFAULT_KAFKA_PORT, DEFAULT_HTTP_PORT, DEFAULT_TRAINER_PORT, null, null,
                DEFAULT_RATE, null, DEFAULT_TRAIN_EVERY, null, null);
    }

    /** @throws OpsException naming the first option that makes no sense */
    public DemoOptions validate() {
        if (dir == null) {
            throw new OpsException("--dir is required");
        }
        if (customers != null && customers < MIN_CUSTOMERS) {
            throw new OpsException("--customers must be at least " + MIN_CUSTOMERS + ", is " + customers);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new OpsException("--rate must be 0 (no live traffic) or more events per second, is " + rate);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new OpsException("--duration must be positive, such as PT5M, is " + duration);
        }
        if (trainEvery == null || trainEvery.compareTo(MIN_TRAIN_EVERY) < 0) {
            throw new OpsException("--train-every must be at least " + MIN_TRAIN_EVERY + ", is " + trainEvery);
        }
        return this;
    }

    public DemoOptions withPorts(int newKafkaPort, int newHttpPort, int newTrainerPort) {
        return new DemoOptions(dir, reset, newKafkaPort, newHttpPort, newTrainerPort, customers, seed, rate, duration,
                trainEvery, appJar, trainerJar);
    }

    public DemoOptions withHistory(int newCustomers, long newSeed) {
        return new DemoOptions(dir, reset, kafkaPort, httpPort, trainerPort, newCustomers, newSeed, rate, duration,
                trainEvery, appJar, trainerJar);
    }

    public DemoOptions withTraffic(double newRate, Duration newTrainEvery) {
        return new DemoOptions(dir, reset, kafkaPort, httpPort, trainerPort, customers, seed, newRate, duration,
                newTrainEvery, appJar, trainerJar);
    }

    public DemoOptions withDuration(Duration newDuration) {
        return new DemoOptions(dir, reset, kafkaPort, httpPort, trainerPort, customers, seed, rate, newDuration,
                trainEvery, appJar, trainerJar);
    }

    public DemoOptions withReset(boolean newReset) {
        return new DemoOptions(dir, newReset, kafkaPort, httpPort, trainerPort, customers, seed, rate, duration,
                trainEvery, appJar, trainerJar);
    }

    public DemoOptions withJars(Path newAppJar, Path newTrainerJar) {
        return new DemoOptions(dir, reset, kafkaPort, httpPort, trainerPort, customers, seed, rate, duration,
                trainEvery, newAppJar, newTrainerJar);
    }
}
