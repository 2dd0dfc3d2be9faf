package org.rfmstream.ops.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.rfmstream.ops.OpsException;
import org.rfmstream.ops.broker.LocalKafka;
import org.rfmstream.ops.generate.RetailDataGenerator;
import org.rfmstream.ops.topics.TopicCreator;
import org.rfmstream.ops.topics.TopicSpec;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;

/**
 * The whole system on one machine, in one command: a real Kafka broker in this process, the topics, the
 * streams-app and the trainer as child processes, a year of generated purchase history ending now, and live
 * purchases at a steady rate. It prints what runs where and each milestone with the time since the command started,
 * until Ctrl-C, {@code --duration}, or the failure of a part (then everything stops and it exits with 1).
 *
 * <p>The data directory is kept: a second run continues with the same broker data, customers and model (no history
 * is sent again); {@code --reset} starts over.
 */
public final class Demo {

    static final String APP_LOG = "streams-app.log";
    static final String TRAINER_LOG = "trainer.log";
    static final String KAFKA_LOG = "kafka.log";
    static final String HISTORY_CSV = "history.csv";
    /** The first new customer of run n is {@code NEW_CUSTOMER_BASE + (n - 1) * NEW_CUSTOMERS_PER_RUN}. */
    static final long NEW_CUSTOMER_BASE = 1_000_000;
    static final long NEW_CUSTOMERS_PER_RUN = 100_000;

    private static final int PARTITIONS = 6;
    private static final Duration STATUS_EVERY = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TRAINER_RETRY = Duration.ofSeconds(5);
    private static final Duration APP_READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration APP_STOP_GRACE = Duration.ofSeconds(40);
    private static final Duration TRAINER_STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(90);
    private static final int LOG_TAIL_LINES = 25;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Thrown inside {@link #run()} to unwind to the clean stop, whatever the reason. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final DemoOptions options;
    private final PrintStream out;
    private final Duration elapsedBeforeStart;
    private final long startNanos = System.nanoTime();
    private final Map<String, String> environment;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Object lock = new Object();

    private volatile boolean closing;
    private volatile String failure;
    private volatile ChildProcess failedChild;
    private volatile boolean interrupted;
    private volatile boolean stoppedByDuration;

    private Path dir;
    private DemoLogging logging;
    private LocalKafka kafka;
    private Settings settings;
    private ChildProcess app;
    private DemoChildren children;
    private volatile ChildProcess trainerOnce;
    private volatile ChildProcess trainerEvery;
    private KafkaWatch watch;
    private LiveProducer live;
    private ScheduledExecutorService scheduler;
    private AppClient appClient;
    private DemoJars jars;
    private DemoState state;
    private volatile Duration firstSegmentsAfter;

    /**
     * @param elapsedBeforeStart time already gone since the command started (the JVM's start), so that the printed
     *                           times are from the command
     * @param environment        the environment the children inherit (normally {@code System.getenv()})
     */
    public Demo(DemoOptions options, PrintStream out, Duration elapsedBeforeStart, Map<String, String> environment) {
        this.options = options.validate();
        this.out = out;
        this.elapsedBeforeStart = elapsedBeforeStart;
        this.environment = Map.copyOf(environment);
    }

    /** Runs until stopped; returns the exit status: 0 after a clean stop, 1 if a part failed. */
    public int run() {
        try {
            start();
            awaitEnd();
            return 0;
        } catch (Stopped e) {
            return failure == null ? 0 : 1;
        } catch (RuntimeException | Error e) {
            if (interrupted && failure == null) {
                // Ctrl-C while a part was starting: the JVM's shutdown makes it fail, which is no news
                return 0;
            }
            throw e;
        } finally {
            if (failure != null) {
                reportFailure();
            } else if (interrupted) {
                say("Stopping (interrupted)...");
            } else if (stoppedByDuration) {
                say("Stopping: --duration " + options.duration() + " is over...");
            }
            close();
        }
    }

    /** Asks a running demo to stop and waits until it has (for a shutdown hook or a test). */
    public void stop() {
        interrupted = true;
        stopSignal.countDown();
        try {
            if (!closed.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                forceStopChildren();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ctrl-C or SIGTERM stop everything cleanly. */
    public void installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (closed.getCount() > 0) {
                stop();
            }
        }, "demo-shutdown"));
    }

    /** The time from the command to the first segments on the API, once seen. */
    public Duration firstSegmentsAfter() {
        return firstSegmentsAfter;
    }

    // ---------------------------------------------------------------------------------------------------- start

    private void start() {
        dir = options.dir().toAbsolutePath().normalize();
        jars = DemoJars.locate(options.appJar(), options.trainerJar(), DemoJars.projectRootOfRunningCode(),
                Path.of("").toAbsolutePath());
        children = DemoChildren.takeOver(dir, this::say);
        Ports.requireFree(List.of(
                new Ports.Need(options.kafkaPort(), "Kafka", "--kafka-port"),
                new Ports.Need(options.httpPort(), "dashboard and HTTP API", "--http-port"),
                new Ports.Need(options.trainerPort(), "trainer metrics", "--trainer-port")));
        if (options.reset()) {
            reset(dir);
        }
        state = previousState();
        boolean continuing = state != null;
        int customers = continuing ? state.customers()
                : options.customers() == null ? DemoOptions.DEFAULT_CUSTOMERS : options.customers();
        long seed = continuing ? state.seed() : options.seed() == null ? DemoOptions.DEFAULT_SEED : options.seed();
        createDirectories(dir.resolve("logs"));
        logging = DemoLogging.toFile(dir.resolve("logs").resolve(KAFKA_LOG));

        if (continuing) {
            say(String.format(Locale.ROOT, "Continuing the demo in %s: %,d customers (seed %d), history up to %s, "
                    + "run %d. Add --reset to start over.", dir, customers, seed, DAY.format(state.historyEnd()),
                    state.runs() + 1));
            if ((options.customers() != null && options.customers() != customers)
                    || (options.seed() != null && options.seed() != seed)) {
                say("Note: --customers and --seed apply to a new history only; add --reset to use them.");
            }
        } else {
            say(String.format(Locale.ROOT, "Starting a new demo in %s: %,d customers (seed %d).", dir, customers,
                    seed));
        }

        CompletableFuture<Void> historyCsv = null;
        if (!continuing) {
            // Written before the broker creates its data, so that an interrupted first run is recognised as ours.
            state = DemoState.starting(customers, seed);
            state.write(dir);
            historyCsv = CompletableFuture.runAsync(() -> History.generate(new RetailDataGenerator(seed, customers),
                    dir.resolve(HISTORY_CSV)), runnable -> {
                        Thread thread = new Thread(runnable, "demo-generate-history");
                        thread.setDaemon(true);
                        thread.start();
                    });
        }
        kafka = LocalKafka.start(dir.resolve("kafka"), options.kafkaPort());
        settings = Settings.load(null, withoutKafkaClientSettings(environment))
                .with(Settings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        milestone("Kafka broker ready at " + kafka.bootstrapServers());
        checkRunning();

        TopicNames topics = settings.topics();
        createTopics(topics);
        checkRunning();

        app = startChild("streams-app", ChildProcess.javaCommand(jars.streamsApp()), appEnvironment(), APP_LOG);
        milestone("streams-app started (pid " + app.pid() + ")");
        appClient = new AppClient(options.httpPort(), settings.string("API_TOKEN", null));

        watch = new KafkaWatch(settings.kafkaProperties(), topics.segmentModels(), topics.segmentChanges(),
                this::modelSeen);
        watch.start();

        RetailDataGenerator generator = new RetailDataGenerator(seed, customers);
        Map<TopicPartition, Long> historyEnd = null;
        if (continuing) {
            state = state.nextRun();
            state.write(dir);
        } else {
            historyEnd = sendHistory(historyCsv, customers, topics);
        }
        checkRunning();
        startLiveTraffic(generator, seed, topics);

        if (historyEnd != null) {
            awaitHistoryProcessed(historyEnd);
        }
        awaitAppReady();
        printWhereThingsAre(topics);
        awaitModelsRead();
        if (watch.latestModel() == null) {
            trainUntilPublished();
        }
        scheduleTrainer();
        awaitFirstSegments();
    }

    /** What a data directory holds, and so what a run on it does. */
    enum DataDir {
        /** Nothing of a demo's broker yet: a new history. */
        NEW,
        /** A broker whose history was sent in full: continue with live traffic. */
        CONTINUE,
        /** A first run stopped while sending its history: start over. */
        INTERRUPTED_FIRST_RUN,
        /** Kafka data the demo did not write: leave it alone. */
        FOREIGN
    }

    static DataDir inspect(Path dir, DemoState state) {
        boolean kafkaData = Files.exists(dir.resolve("kafka").resolve("meta.properties"));
        if (!kafkaData) {
            return DataDir.NEW;
        }
        if (state == null) {
            return DataDir.FOREIGN;
        }
        return state.historyComplete() ? DataDir.CONTINUE : DataDir.INTERRUPTED_FIRST_RUN;
    }

    private DemoState previousState() {
        DemoState previous = DemoState.read(dir);
        switch (inspect(dir, previous)) {
            case CONTINUE -> {
                return previous;
            }
            case FOREIGN -> throw new OpsException(dir + " holds Kafka data that the demo did not write: choose "
                    + "another --dir, or add --reset to delete it and start over");
            case INTERRUPTED_FIRST_RUN -> {
                say("The previous first run stopped before its history was sent in full: starting over.");
                reset(dir);
                return null;
            }
            case NEW -> {
                // No broker data: the streams-app's state and any old history belong to a cluster that is gone.
                deleteRecursively(dir.resolve("state"));
                deleteRecursively(dir.resolve(DemoState.FILE));
                return null;
            }
            default -> throw new IllegalStateException();
        }
    }

    private void createTopics(TopicNames topics) {
        Properties properties = settings.kafkaProperties();
        properties.setProperty("default.api.timeout.ms", "30000");
        try (Admin admin = Admin.create(properties)) {
            List<TopicCreator.Outcome> outcomes = new TopicCreator(admin)
                    .ensure(TopicSpec.forSystem(topics, PARTITIONS, (short) 1));
            long created = outcomes.stream().filter(o -> o.status() == TopicCreator.Status.CREATED).count();
            milestone(created == 0 ? "Topics exist: " + String.join(", ", topics.all())
                    : "Topics created: " + String.join(", ", topics.all()));
        }
    }

    private Map<TopicPartition, Long> sendHistory(CompletableFuture<Void> historyCsv, int customers,
                                                  TopicNames topics) {
        try {
            historyCsv.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        Path csv = dir.resolve(HISTORY_CSV);
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        History.Sent sent = History.replay(csv, History.shiftEndingAt(end), settings.kafkaProperties(),
                topics.transactions());
        Map<TopicPartition, Long> historyEnd;
        try (HistoryProgress progress = new HistoryProgress(settings.kafkaProperties(), settings.applicationId(),
                topics.transactions())) {
            historyEnd = progress.endOffsets();
        }
        state = state.withHistory(sent.events(), sent.first(), sent.last());
        state.write(dir);
        milestone(String.format(Locale.ROOT, "History replayed: %,d events (%,d purchases, %,d refunds) of %,d "
                        + "customers, %s to %s", sent.events(), sent.purchases(), sent.refunds(), customers,
                DAY.format(sent.first()), DAY.format(sent.last())));
        return historyEnd;
    }

    private void startLiveTraffic(RetailDataGenerator generator, long seed, TopicNames topics) {
        if (options.rate() <= 0) {
            milestone("No live traffic (--rate 0)");
            return;
        }
        int run = state.runs();
        LiveTraffic traffic = new LiveTraffic(generator.personas(), seed * 31 + run, "L" + run,
                NEW_CUSTOMER_BASE + (run - 1) * NEW_CUSTOMERS_PER_RUN);
        live = new LiveProducer(traffic, options.rate(), settings.kafkaProperties(), topics.transactions(),
                Clock.systemUTC());
        live.start();
        milestone(String.format(Locale.ROOT, "Live purchases started: %s events/s (purchases by the customers' "
                + "personas, some refunds, some new customers)", number(options.rate())));
    }

    private void awaitAppReady() {
        long deadline = System.nanoTime() + APP_READY_TIMEOUT.toNanos();
        while (!appClient.healthy()) {
            if (System.nanoTime() > deadline) {
                fail("the streams-app did not answer on " + appClient.dashboard() + "health within "
                        + APP_READY_TIMEOUT.toSeconds() + " s", app);
            }
            pause(POLL);
        }
        milestone("streams-app answers on " + appClient.dashboard());
    }

    private void awaitHistoryProcessed(Map<TopicPartition, Long> historyEnd) {
        long total = HistoryProgress.total(historyEnd);
        long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (HistoryProgress progress = new HistoryProgress(settings.kafkaProperties(), settings.applicationId(),
                settings.topics().transactions())) {
            while (true) {
                long committed = progress.committed(historyEnd);
                if (committed >= total) {
                    break;
                }
                if (System.nanoTime() > nextReport) {
                    milestone(String.format(Locale.ROOT, "streams-app has processed %,d of %,d history events",
                            committed, total));
                    nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                }
                pause(POLL);
            }
        }
        milestone(String.format(Locale.ROOT, "History processed by the streams-app: %,d events", total));
    }

    private void awaitModelsRead() {
        try {
            while (!watch.awaitModelsRead(POLL)) {
                checkRunning();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /** Runs the trainer once, again after a pause each time its quality gate refuses the model. */
    private void trainUntilPublished() {
        for (int attempt = 1; ; attempt++) {
            milestone(attempt == 1 ? "Training the first model (trainer --once)..." : "Training again...");
            ChildProcess once = ChildProcess.start("trainer", ChildProcess.javaCommand(jars.trainer(), "--once",
                    "--no-progress"), trainerEnvironment(), logFile(TRAINER_LOG), dir);
            children.track(once);
            trainerOnce = once;
            int exit = awaitExit(once);
            trainerOnce = null;
            if (exit == 0) {
                return;
            }
            if (exit != 3) {
                fail("the trainer failed (exit code " + exit + ")", once);
            }
            milestone("The trainer's quality gate refused the model (" + refusalReason(once) + "); trying again in "
                    + TRAINER_RETRY.toSeconds() + " s");
            pause(TRAINER_RETRY);
        }
    }

    private int awaitExit(ChildProcess child) {
        try {
            while (true) {
                OptionalInt exit = child.awaitExit(POLL);
                if (exit.isPresent()) {
                    return exit.getAsInt();
                }
                checkRunning();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    private static String refusalReason(ChildProcess trainer) {
        List<String> tail = trainer.tail(LOG_TAIL_LINES);
        for (int i = tail.size() - 1; i >= 0; i--) {
            String line = tail.get(i);
            if (line.contains("quality gate") || line.contains("no model trained")) {
                int dash = line.indexOf(" - ");
                return dash < 0 ? line : line.substring(dash + 3);
            }
        }
        return "see " + trainer.log();
    }

    private void scheduleTrainer() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-trainer-schedule");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.schedule(() -> {
            synchronized (lock) {
                if (closing) {
                    return;
                }
                try {
                    trainerEvery = startChild("trainer", ChildProcess.javaCommand(jars.trainer(), "--every",
                            options.trainEvery().toString(), "--no-progress"), trainerEnvironment(), TRAINER_LOG);
                } catch (OpsException e) {
                    recordFailure(e.getMessage(), null);
                }
            }
        }, options.trainEvery().toMillis(), TimeUnit.MILLISECONDS);
        milestone("The trainer retrains every " + human(options.trainEvery()) + " (next in "
                + human(options.trainEvery()) + ")");
    }

    private void awaitFirstSegments() {
        long nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
        while (true) {
            if (System.nanoTime() > nextStatus) {
                printStatus();
                nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
            }
            List<AppClient.SegmentCount> segments = appClient.segmentsWithCustomers();
            if (!segments.isEmpty()) {
                firstSegmentsAfter = elapsed();
                milestone("Segments on the dashboard: " + segments.stream()
                        .map(s -> String.format(Locale.ROOT, "%s %,d", s.name(), s.customers()))
                        .collect(Collectors.joining(" · ")));
                say(String.format(Locale.ROOT, "First segments %s after the command. Open %s", human(elapsed()),
                        appClient.dashboard()));
                return;
            }
            pause(POLL);
        }
    }

    private void awaitEnd() {
        while (true) {
            pause(STATUS_EVERY);
            printStatus();
        }
    }

    // ----------------------------------------------------------------------------------------------- children

    private ChildProcess startChild(String name, List<String> command, Map<String, String> childEnvironment,
                                    String logName) {
        ChildProcess child = ChildProcess.start(name, command, childEnvironment, logFile(logName), dir);
        children.track(child);
        child.onExit().thenRun(() -> {
            if (!closing) {
                recordFailure("the " + name + " (pid " + child.pid() + ") exited unexpectedly with code "
                        + child.onExit().join().exitValue(), child);
            }
        });
        return child;
    }

    private Map<String, String> appEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put(Settings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        env.put(Settings.HTTP_PORT, String.valueOf(options.httpPort()));
        env.put(Settings.APPLICATION_SERVER, "localhost:" + options.httpPort());
        env.put(Settings.STATE_DIR, dir.resolve("state").toString());
        env.put(Settings.SEGMENTATION_CLOCK, "wall-clock");
        // Kafka Streams does not leave its group on close: a restarted demo would wait out the old member's session
        // (45 s by default) before it gets its partitions back.
        env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
        return env;
    }

    private Map<String, String> trainerEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put(Settings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        env.put(Settings.SEGMENTATION_CLOCK, "wall-clock");
        env.put("TRAINER_HTTP_PORT", String.valueOf(options.trainerPort()));
        return env;
    }

    static Map<String, String> withoutKafkaClientSettings(Map<String, String> environment) {
        Map<String, String> copy = new HashMap<>(environment);
        ChildProcess.applyEnvironment(copy, Map.of());
        return copy;
    }

    // ------------------------------------------------------------------------------------------------ output

    private void printWhereThingsAre(TopicNames topics) {
        String url = appClient.dashboard().toString();
        String logs = dir.resolve("logs").toString();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("  Dashboard        " + url);
        lines.add("  HTTP API         curl " + url + "api/segments");
        lines.add("                   curl " + url + "api/customers/" + RetailDataGenerator.FIRST_CUSTOMER_ID);
        lines.add("                   curl " + url + "api/model");
        lines.add("                   curl -X POST -H 'Content-Type: application/json' -d '{\"recency\": 5, "
                + "\"frequency\": 12, \"monetary\": 400}' " + url + "api/score");
        lines.add("  Segment changes  curl -N -H 'Accept: text/event-stream' " + url + "api/changes/stream");
        lines.add("                   or any Kafka client: kafka-console-consumer.sh --bootstrap-server "
                + kafka.bootstrapServers() + " --topic " + topics.segmentChanges() + " --property print.key=true");
        lines.add("  Kafka            " + kafka.bootstrapServers() + " (topics " + String.join(", ", topics.all())
                + ")");
        lines.add("  Trainer          every " + human(options.trainEvery()) + ", metrics on http://localhost:"
                + options.trainerPort() + "/metrics once scheduled");
        lines.add("  Metrics          " + url + "metrics");
        lines.add("  Logs             " + logs + " (" + APP_LOG + ", " + TRAINER_LOG + ", " + KAFKA_LOG + ")");
        lines.add("  Data             " + dir + " (kept; run again to continue, --reset to start over)");
        lines.add("  Stop             Ctrl-C"
                + (options.duration() == null ? "" : " (or it stops by itself after " + human(options.duration())
                + ")"));
        lines.add("");
        synchronized (out) {
            lines.forEach(out::println);
        }
    }

    private void modelSeen(SegmentModel model) {
        String segments = model.segments().stream().map(SegmentModel.Segment::name).collect(Collectors.joining(", "));
        String what = model.trainedAt() != null && model.trainedAt().isBefore(startInstant())
                ? "Model v" + model.version() + " in force" : "Model v" + model.version() + " published";
        milestone(String.format(Locale.ROOT, "%s: k=%d, silhouette %.3f, %,d customers: %s", what,
                model.quality().k(), model.quality().silhouette(), model.trainingCustomers(), segments));
    }

    private void printStatus() {
        StringBuilder status = new StringBuilder();
        if (live != null) {
            status.append(String.format(Locale.ROOT, "live: %,d purchases, %,d refunds, %,d new customers sent",
                    live.purchases(), live.refunds(), live.newCustomers()));
            if (live.failed() > 0) {
                status.append(String.format(Locale.ROOT, " (%,d NOT sent: %s)", live.failed(), live.firstFailure()));
            }
            status.append(" · ");
        }
        Map<ChangeReason, Long> byReason = watch.changesByReason();
        status.append(String.format(Locale.ROOT, "%,d segment changes", watch.changes()));
        String reasons = byReason.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
                .collect(Collectors.joining(", "));
        if (!reasons.isEmpty()) {
            status.append(" (").append(reasons).append(')');
        }
        SegmentModel model = watch.latestModel();
        status.append(model == null ? " · no model yet" : " · model v" + model.version());
        milestone(status.toString());
    }

    private void reportFailure() {
        synchronized (out) {
            out.println();
            out.println("The demo stopped: " + failure + ".");
            ChildProcess child = failedChild;
            if (child != null) {
                out.println("Last lines of " + child.log() + ":");
                child.tail(LOG_TAIL_LINES).forEach(line -> out.println("  | " + line));
            }
        }
    }

    private void milestone(String text) {
        say(String.format(Locale.ROOT, "[%7s] %s", human(elapsed()), text));
    }

    private void say(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private Duration elapsed() {
        return elapsedBeforeStart.plusNanos(System.nanoTime() - startNanos);
    }

    private Instant startInstant() {
        return Instant.now().minus(elapsed());
    }

    /** {@code 4.2s}, {@code 1m05s}, {@code 1h02m}. */
    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    // --------------------------------------------------------------------------------------------- stopping

    /** Waits up to {@code duration}, unwinding to the stop if asked to stop, a part failed or the time is up. */
    private void pause(Duration duration) {
        Duration wait = duration;
        if (options.duration() != null) {
            Duration left = options.duration().minus(elapsedSinceStart());
            if (left.isNegative() || left.isZero()) {
                stoppedByDuration = true;
                throw new Stopped();
            }
            wait = left.compareTo(wait) < 0 ? left : wait;
        }
        try {
            if (stopSignal.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new Stopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
        if (options.duration() != null && elapsedSinceStart().compareTo(options.duration()) >= 0) {
            stoppedByDuration = true;
            throw new Stopped();
        }
    }

    private Duration elapsedSinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void checkRunning() {
        pause(Duration.ZERO);
    }

    private void fail(String message, ChildProcess child) {
        recordFailure(message, child);
        throw new Stopped();
    }

    /** Makes the demo stop with exit status 1; the first failure is the one reported. */
    private void recordFailure(String message, ChildProcess child) {
        synchronized (lock) {
            if (failure == null && !closing) {
                failure = message;
                failedChild = child;
            }
        }
        stopSignal.countDown();
    }

    private void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            quietly(() -> {
                if (live != null) {
                    live.close();
                }
            });
            quietly(() -> {
                if (scheduler != null) {
                    scheduler.shutdownNow();
                }
            });
            stopChild(trainerOnce, TRAINER_STOP_GRACE);
            stopChild(trainerEvery, TRAINER_STOP_GRACE);
            stopChild(app, APP_STOP_GRACE);
            quietly(() -> {
                if (watch != null) {
                    watch.close();
                }
            });
            quietly(() -> {
                if (kafka != null) {
                    kafka.close();
                }
            });
            quietly(() -> {
                if (logging != null) {
                    logging.close();
                }
            });
            if (kafka != null) {
                say(failure == null
                        ? "Stopped. The data is kept in " + dir + ": run the same command to continue, or add "
                        + "--reset to start over."
                        : "Stopped everything.");
            }
        } finally {
            closed.countDown();
        }
    }

    private void stopChild(ChildProcess child, Duration grace) {
        if (child != null && child.isAlive()) {
            quietly(() -> {
                if (!child.stop(grace)) {
                    say("The " + child.name() + " did not stop within " + grace.toSeconds() + " s and was killed.");
                }
            });
        }
    }

    private void forceStopChildren() {
        Stream.of(trainerOnce, trainerEvery, app).filter(child -> child != null && child.isAlive())
                .forEach(child -> child.stop(Duration.ZERO));
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Demo.class).warn("while stopping the demo", e);
        }
    }

    // ------------------------------------------------------------------------------------------------- files

    private Path logFile(String name) {
        return dir.resolve("logs").resolve(name);
    }

    /**
     * Deletes the demo's data directory, but only if it looks like one: an empty or missing directory, or one with the
     * demo's files in it, so that a mistyped {@code --dir} never wipes anything else.
     */
    static void reset(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        boolean looksLikeDemo = Files.exists(dir.resolve(DemoState.FILE))
                || Files.exists(dir.resolve("kafka").resolve("meta.properties"));
        try (Stream<Path> entries = Files.list(dir)) {
            if (!looksLikeDemo && entries.findAny().isPresent()) {
                throw new OpsException(dir + " does not look like a demo data directory (no " + DemoState.FILE
                        + " and no kafka/ in it): --reset does not delete it");
            }
        } catch (IOException e) {
            throw new OpsException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new OpsException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectories(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new OpsException("cannot create " + path + ": " + e.getMessage(), e);
        }
    }
}
