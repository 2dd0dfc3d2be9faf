package org.rfmstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Sizes and settings of a benchmark session; the defaults are the sizes.
 *
 * @param runs             runs per benchmark; every figure is their median
 * @param workDir          scratch space for the broker's log and the applications' state, deleted afterwards
 * @param partitions       partitions of the keyed topics (as {@code ops topics} creates them)
 * @param commitInterval   Kafka Streams' commit interval for every application compared
 * @param events           throughput: at least this many generated events in {@code transactions}
 * @param rates            latency: the fixed production rates, events/s
 * @param latencyDuration  latency: measured time per rate (after the warm-up)
 * @param warmUp           latency and http: time before measuring
 * @param replayCustomers  replay: customers in the generated CSV
 * @param stateCustomers   state: customers whose state is measured and restored
 * @param reviewCustomers  review: customers in the stores
 * @param trainerCustomers trainer: population sizes
 * @param trainerJar       trainer: the trainer's jar, run as a child process
 * @param profile          throughput: record a JFR profile of the topology's run and summarise its hot frames
 * @param httpRate         http: the fixed request rate, requests/s
 * @param httpConnections  http: concurrent connections for the closed-loop (highest rate) measurement
 * @param httpDuration     http: measured time per route and mode
 * @param httpCustomers    http: customers in the stores
 * @param settings         extra application settings for every Streams application (e.g.
 *                         {@code KAFKA_MAX_TASK_IDLE_MS=-1}), to measure what a configuration change would give
 * @param driverEvents     driver: measured events per topology in the TopologyTestDriver
 * @param marketingCustomers marketing: customers in the state
 */
public record BenchOptions(int runs, Path workDir, int partitions, Duration commitInterval, long events,
                           List<Integer> rates, Duration latencyDuration, Duration warmUp, int replayCustomers,
                           int stateCustomers, int reviewCustomers, List<Integer> trainerCustomers, Path trainerJar,
                           boolean profile, int httpRate, int httpConnections, Duration httpDuration,
                           int httpCustomers, java.util.Map<String, String> settings, int driverEvents,
                           int marketingCustomers) {

    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

    public static BenchOptions defaults(Path workDir) {
        return new BenchOptions(3, workDir, 6, DEFAULT_COMMIT_INTERVAL, 1_000_000, List.of(1_000, 10_000),
                Duration.ofSeconds(20), Duration.ofSeconds(5), 100_000, 1_000_000, 1_000_000,
                List.of(100_000, 1_000_000), Path.of("trainer", "target", "trainer.jar"), false, 1_000, 8,
                Duration.ofSeconds(10), 20_000, java.util.Map.of(), 100_000, 1_000_000);
    }
}
