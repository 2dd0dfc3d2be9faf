package org.rfmstream.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/chaos}: the fault suite. Every scenario runs on a fresh system of real processes (a broker from
 * {@code ops kafka}, streams-app instances, {@code ops replay}, the trainer), with HTTP lookups on every instance the
 * whole time; afterwards the state is compared with a batch computation of the same history. Writes
 * {@code <out>/chaos-<scenario>.json} per scenario.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the fault scenarios on real processes and checks the result against a batch computation "
                + "of the same history. One JSON file per scenario.",
                "Exit code: 0 every check passed, 1 a check failed or a scenario could not run, 2 bad usage."})
public final class ChaosMain implements Callable<Integer> {

    static final String LAUNCHER = "bin/chaos";

    @Option(names = "--scenarios", split = ",", defaultValue = "app-kill,broker-kill,app-sigterm,scale-out-in,"
            + "stray-records", description = "which, in order (default all: ${DEFAULT-VALUE})")
    private List<String> scenarios;

    @Option(names = "--customers", defaultValue = "20000", description = "customers in the generated history (default ${DEFAULT-VALUE})")
    private int customers;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the history and of the random choices (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--load-share", defaultValue = "0.5",
            description = "share of the history loaded before the first model, as fast as it goes (default ${DEFAULT-VALUE})")
    private double loadShare;

    @Option(names = "--rate", defaultValue = "1000",
            description = "events/s of the rest of the history, replayed while the fault happens (default ${DEFAULT-VALUE})")
    private double rate;

    @Option(names = "--partitions", defaultValue = "6", description = "partitions of the keyed topics (default ${DEFAULT-VALUE})")
    private int partitions;

    @Option(names = "--lookup-threads", defaultValue = "6", description = "HTTP client threads (default ${DEFAULT-VALUE})")
    private int lookupThreads;

    @Option(names = "--lookup-rate", defaultValue = "300",
            description = "lookups per second over all instances (default ${DEFAULT-VALUE})")
    private double lookupRate;

    @Option(names = "--lookup-timeout", defaultValue = "PT5S", description = "a lookup without an answer by then counts as none (default ${DEFAULT-VALUE})")
    private Duration lookupTimeout;

    @Option(names = "--fault-after", defaultValue = "PT10S",
            description = "lookups run this long before the replay starts, and the replay this long before the fault (default ${DEFAULT-VALUE})")
    private Duration faultAfter;

    @Option(names = "--observe", defaultValue = "PT60S", description = "lookups go on at least this long after the fault (default ${DEFAULT-VALUE})")
    private Duration observe;

    @Option(names = "--scale-hold", defaultValue = "PT30S", description = "scale-out-in: how long the third instance runs once ready (default ${DEFAULT-VALUE})")
    private Duration scaleHold;

    @Option(names = "--settle-timeout", defaultValue = "PT5M", description = "most time allowed to catch up after the replay (default ${DEFAULT-VALUE})")
    private Duration settleTimeout;

    @Option(names = "--quiet", defaultValue = "PT5S", description = "caught up means no new segment change for this long (default ${DEFAULT-VALUE})")
    private Duration quiet;

    @Option(names = "--strays", defaultValue = "10", description = "stray-records: records of each refused kind per batch (default ${DEFAULT-VALUE})")
    private int strays;

    @Option(names = "--http-sample", defaultValue = "1000", description = "customers asked over HTTP after the fault (default ${DEFAULT-VALUE})")
    private int httpSample;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "a setting for every streams-app instance, e.g. KAFKA_SESSION_TIMEOUT_MS=30000 (repeatable)")
    private Map<String, String> appSettings = new LinkedHashMap<>();

    @Option(names = "--root", description = "the project tree whose jars run (default: the one this code was built in)")
    private Path root;

    @Option(names = "--work-dir", defaultValue = "data/chaos", description = "scratch space, emptied first (default ${DEFAULT-VALUE})")
    private Path workDir;

    @Option(names = "--out", defaultValue = "docs/benchmarks", description = "where the JSON goes (default ${DEFAULT-VALUE})")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new ChaosMain());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof ChaosException) {
                cmd.getErr().println("error: " + exception.getMessage());
                return 1;
            }
            throw exception;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        List<Scenario> selected = scenarios.stream().map(String::trim).map(Scenario::of).toList();
        ChaosOptions options = new ChaosOptions(customers, seed, loadShare, rate, partitions, lookupThreads,
                lookupRate, lookupTimeout, faultAfter, observe, scaleHold, settleTimeout, quiet, strays, httpSample,
                workDir.toAbsolutePath(), Map.copyOf(appSettings));
        Path projectRoot = root == null ? Programs.defaultRoot() : root.toAbsolutePath();
        String command = LAUNCHER + " " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        List<ScenarioResult> results = run(options, projectRoot, selected, command.trim(),
                line -> System.err.println("[chaos] " + line), result -> {
                    Path file = result.writeTo(out);
                    System.out.println(describe(result));
                    System.out.println("written: " + file);
                });
        return results.stream().allMatch(ScenarioResult::passed) ? 0 : 1;
    }

    /** Generates the history, then runs each scenario on a system of its own. */
    static List<ScenarioResult> run(ChaosOptions options, Path projectRoot, List<Scenario> scenarios, String command,
                                    java.util.function.Consumer<String> progress) {
        return run(options, projectRoot, scenarios, command, progress, result -> { });
    }

    /** As above, handing each scenario's result to {@code done} as soon as it is there. */
    static List<ScenarioResult> run(ChaosOptions options, Path projectRoot, List<Scenario> scenarios, String command,
                                    java.util.function.Consumer<String> progress,
                                    java.util.function.Consumer<ScenarioResult> done) {
        Programs programs = Programs.under(projectRoot).requireBuilt();
        emptyDirectory(options.workDir());
        Path csv = options.workDir().resolve("history.csv");
        progress.accept("generating " + options.customers() + " customers into " + csv);
        Child generate = Child.start("generate", Child.java(programs.ops(), List.of("-Xmx1g"), "generate",
                        "--customers", Integer.toString(options.customers()), "--seed", Long.toString(options.seed()),
                        "--out", csv.toString()), Map.of(), options.workDir().resolve("generate.log"),
                options.workDir());
        Integer exit = generate.awaitExit(Duration.ofMinutes(10));
        if (exit == null || exit != 0) {
            throw new ChaosException("ops generate failed (exit code " + exit + "): " + generate.tail(10));
        }
        History history = History.split(csv, options.loadShare(), options.workDir());
        progress.accept("history: " + history.loadEvents().size() + " events to load, "
                + history.liveEvents().size() + " to replay at " + options.rate() + " events/s");
        Map<String, String> build = build(projectRoot);
        build.put("streamsAppJarBuiltAt", modified(programs.streamsApp()));
        Map<String, Object> machine = machine();
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            progress.accept("== " + scenario.id() + ": " + scenario.description());
            ScenarioResult result = new ScenarioRun(scenario, options, history, programs, progress)
                    .run(command, build, machine);
            done.accept(result);
            results.add(result);
        }
        return results;
    }

    static String describe(ScenarioResult result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s: %s%n", result.scenario(), result.passed() ? "PASSED" : "FAILED"));
        result.checks().forEach(check -> text.append(String.format(Locale.ROOT, "  %s %s: %s%n",
                check.passed() ? "pass" : "FAIL", check.name(), check.detail())));
        for (ScenarioResult.Window window : result.http()) {
            Tally.Figures f = window.figures();
            text.append(String.format(Locale.ROOT,
                    "  %-6s %-42s lookups %6d, answered %6d, 200 %6.2f %% (stale %d), 503 %d, 404 %d, other 4xx %d, "
                            + "5xx %d, no answer %d, seconds only 503: %d (longest %d)%n",
                    f.instance(), window.window(), f.lookups(), f.answered(),
                    f.answered200Share() == null ? Double.NaN : 100 * f.answered200Share(), f.stale(),
                    f.unavailable(), f.notFound(), f.clientErrors(), f.serverErrorsOtherThan503(), f.noAnswer(),
                    f.secondsOnly503(), f.longestOnly503Stretch()));
        }
        return text.toString();
    }

    private static void emptyDirectory(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }

    private static String modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant().toString();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The commit checked out when the suite ran. The jars may be older than it: the streams-app jar's time is recorded
     * next to it.
     */
    private static Map<String, String> build(Path projectRoot) {
        Map<String, String> build = new LinkedHashMap<>();
        build.put("commit", git(projectRoot, "rev-parse", "HEAD"));
        build.put("commitDate", git(projectRoot, "log", "-1", "--format=%cI"));
        build.put("uncommittedChanges", String.valueOf(!git(projectRoot, "status", "--porcelain",
                "--untracked-files=no").isEmpty()));
        return build;
    }

    private static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? output : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        machine.put("note", "shared with other builds while measured: figures are indicative");
        machine.put("measuredAt", Instant.now().toString());
        return machine;
    }
}
