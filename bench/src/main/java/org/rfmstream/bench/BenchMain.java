package org.rfmstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rfmstream.bench.suite.DriverBench;
import org.rfmstream.bench.suite.HttpBench;
import org.rfmstream.bench.suite.LatencyBench;
import org.rfmstream.bench.suite.MarketingBench;
import org.rfmstream.bench.suite.ReplayBench;
import org.rfmstream.bench.suite.ReviewBench;
import org.rfmstream.bench.suite.StateBench;
import org.rfmstream.bench.suite.ThroughputBench;
import org.rfmstream.bench.suite.TrainerBench;
import org.rfmstream.bench.suite.ValueBench;
import org.rfmstream.ops.OpsException;
import org.rfmstream.schemas.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar bench.jar <name>|all} (or {@code bin/bench}): each benchmark starts its own local broker on a free port, runs
 * {@code --runs} times and writes {@code <out>/<name>.json}. Sizes default to the issue's; every size has a flag
 * for smaller machines.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a benchmark (or all) against a local Kafka broker it starts itself and writes the results "
                + "as JSON (one file per benchmark, with the machine, the parameters, each run's figures and the "
                + "medians).", "Benchmarks: throughput, latency, replay, trainer, state, review, http, driver."})
public final class BenchMain implements Callable<Integer> {

    static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        for (Benchmark benchmark : List.of(new ThroughputBench(), new LatencyBench(), new ReplayBench(),
                new TrainerBench(), new StateBench(), new ReviewBench(), new HttpBench(), new DriverBench(),
                new ValueBench(), new MarketingBench())) {
            BENCHMARKS.put(benchmark.name(), benchmark);
        }
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "throughput, latency, replay, trainer, state, review, "
            + "http, driver, value, or all")
    private String name;

    @Option(names = "--runs", defaultValue = "3", description = "runs per benchmark; figures are medians (default 3)")
    private int runs;

    @Option(names = "--out", defaultValue = "docs/benchmarks", description = "where the JSON goes (default docs/benchmarks)")
    private Path out;

    @Option(names = "--work-dir", defaultValue = "data/bench",
            description = "scratch space for the broker and the state, deleted afterwards (default data/bench)")
    private Path workDir;

    @Option(names = "--partitions", defaultValue = "6", description = "partitions of the keyed topics (default 6)")
    private int partitions;

    @Option(names = "--commit-interval", defaultValue = "PT0.1S",
            description = "Kafka Streams commit interval for every application compared (default PT0.1S)")
    private Duration commitInterval;

    @Option(names = "--events", defaultValue = "1000000", description = "throughput: at least this many events to pre-load (default 1000000)")
    private long events;

    @Option(names = "--rates", split = ",", defaultValue = "1000,10000",
            description = "latency: production rates in events/s (default 1000,10000)")
    private List<Integer> rates;

    @Option(names = "--duration", defaultValue = "PT20S", description = "latency: measured time per rate (default PT20S)")
    private Duration latencyDuration;

    @Option(names = "--warm-up", defaultValue = "PT5S", description = "latency and http: warm-up before measuring (default PT5S)")
    private Duration warmUp;

    @Option(names = "--customers", defaultValue = "100000", description = "replay: customers in the generated CSV (default 100000)")
    private int replayCustomers;

    @Option(names = "--state-customers", defaultValue = "1000000", description = "state: customers (default 1000000)")
    private int stateCustomers;

    @Option(names = "--review-customers", defaultValue = "1000000", description = "review: customers (default 1000000)")
    private int reviewCustomers;

    @Option(names = "--trainer-customers", split = ",", defaultValue = "100000,1000000",
            description = "trainer: population sizes (default 100000,1000000)")
    private List<Integer> trainerCustomers;

    @Option(names = "--trainer-jar", defaultValue = "trainer/target/trainer.jar",
            description = "trainer: the trainer jar, run as a child process (default trainer/target/trainer.jar)")
    private Path trainerJar;

    @Option(names = "--profile", description = "throughput: record a JFR profile of the topology and summarise its hot frames")
    private boolean profile;

    @Option(names = "--http-rate", defaultValue = "1000", description = "http: fixed request rate, requests/s (default 1000)")
    private int httpRate;

    @Option(names = "--http-connections", defaultValue = "8", description = "http: concurrent connections for the highest rate (default 8)")
    private int httpConnections;

    @Option(names = "--http-duration", defaultValue = "PT10S", description = "http: measured time per route and mode (default PT10S)")
    private Duration httpDuration;

    @Option(names = "--http-customers", defaultValue = "20000", description = "http: customers in the stores (default 20000)")
    private int httpCustomers;

    @Option(names = "--driver-events", defaultValue = "100000",
            description = "driver: measured events per topology in the TopologyTestDriver (default 100000)")
    private int driverEvents;

    @Option(names = "--marketing-customers", defaultValue = "1000000",
            description = "marketing: customers in the state (default 1000000)")
    private int marketingCustomers;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "an application setting for every Streams application measured, e.g. "
                    + "KAFKA_MAX_TASK_IDLE_MS=-1 (repeatable; recorded in the results)")
    private Map<String, String> settings = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the benchmarks named and returns the exit status: 0 done, 1 failed, 2 wrong usage. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new BenchMain());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof BenchException || exception instanceof OpsException
                    || exception instanceof ConfigException) {
                cmd.getErr().println("error: " + exception.getMessage());
                return 1;
            }
            throw exception;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        List<Benchmark> selected = select(name);
        if (runs < 1) {
            throw new BenchException("--runs must be at least 1, is " + runs);
        }
        if (runs < 3) {
            System.err.println("warning: fewer than 3 runs; the issue asks for the median of at least 3");
        }
        BenchOptions options = new BenchOptions(runs, workDir.toAbsolutePath(), partitions, commitInterval, events,
                rates, latencyDuration, warmUp, replayCustomers, stateCustomers, reviewCustomers, trainerCustomers,
                trainerJar, profile, httpRate, httpConnections, httpDuration, httpCustomers, Map.copyOf(settings),
                driverEvents, marketingCustomers);
        Benchmark.Progress progress = (format, args) -> System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
        List<String> failed = new ArrayList<>();
        for (Benchmark benchmark : selected) {
            progress.say("== %s", benchmark.name());
            try {
                BenchReport report = benchmark.run(options, progress);
                Path file = report.writeTo(out);
                System.out.println(BenchSummary.describe(report));
                System.out.println("written: " + file);
            } catch (RuntimeException e) {
                if (selected.size() == 1) {
                    throw e;
                }
                failed.add(benchmark.name());
                System.err.println("error: " + benchmark.name() + " failed: " + e);
            }
        }
        if (!failed.isEmpty()) {
            throw new BenchException("benchmarks failed: " + String.join(", ", failed));
        }
        return 0;
    }

    static List<Benchmark> select(String name) {
        if ("all".equals(name)) {
            return List.copyOf(BENCHMARKS.values());
        }
        Benchmark benchmark = BENCHMARKS.get(name);
        if (benchmark == null) {
            throw new BenchException("unknown benchmark '" + name + "': choose one of "
                    + String.join(", ", BENCHMARKS.keySet()) + ", or all");
        }
        return List.of(benchmark);
    }
}
