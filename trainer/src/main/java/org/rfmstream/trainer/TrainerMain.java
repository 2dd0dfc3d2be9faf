package org.rfmstream.trainer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.trainer.model.TrainingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The trainer's command line: wires configuration, Kafka and HTTP around {@link TrainerRun}. */
@Command(name = "trainer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the RFM segment model from every customer's profile and publishes it.",
                "Exit codes: 0 published (or dry run that would pass), 1 failure, 2 bad usage,"
                        + " 3 refused by the quality gate (the model in force stays)."})
public final class TrainerMain implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_REFUSED = 3;

    private static final Logger LOG = LoggerFactory.getLogger(TrainerMain.class);

    @Option(names = "--once", description = "Train once and exit (the default).")
    boolean once;

    @Option(names = "--every", paramLabel = "DURATION",
            description = "Keep running, training every DURATION (ISO-8601, e.g. PT15M), with /metrics and /health.")
    Duration every;

    @Option(names = "--k", paramLabel = "N", description = "Train exactly N segments.")
    Integer k;

    @Option(names = "--k-range", paramLabel = "MIN..MAX",
            description = "Try every k in the range and keep the best silhouette (default 2..8).")
    String kRange;

    @Option(names = "--dry-run", description = "Print the model and the report, publish nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Publish even if the quality gate refuses the model.")
    boolean force;

    @Option(names = "--as-of", paramLabel = "INSTANT",
            description = "Measure recency at this instant (default: latest purchase in event time, else now).")
    String asOf;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (the environment wins over it).")
    Path config;

    @Option(names = "--min-customers", paramLabel = "N", description = "Gate: fewest customers (default 100).")
    Long minCustomers;

    @Option(names = "--min-silhouette", paramLabel = "S", description = "Gate: lowest silhouette (default 0.25).")
    Double minSilhouette;

    @Option(names = "--max-moved-share", paramLabel = "F",
            description = "Gate: largest share of customers changing segment, 0..1 (default 0.3).")
    Double maxMovedShare;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the sample and of k-means (default 42).")
    Long seed;

    @Option(names = "--no-progress", description = "No progress bar while reading profiles.")
    boolean noProgress;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainerMain()).execute(args));
    }

    @Override
    public Integer call() {
        if (once && every != null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--once and --every exclude each other");
        }
        try {
            Settings settings = withCommandLine(Settings.load(config));
            TrainingOptions training = TrainerSettings.training(settings);
            TrainerRun.Options options = new TrainerRun.Options(training,
                    TrainerSettings.gate(settings), TrainerSettings.asOfMode(settings), TrainerSettings.asOf(settings),
                    dryRun, force, TrainerSettings.value(settings, training.seed()));
            Properties kafka = settings.kafkaProperties();
            TopicNames topics = settings.topics();
            Duration readTimeout = TrainerSettings.readTimeout(settings);
            // with --every, the Kafka clients' own metrics are on /metrics while a run reads and publishes
            TrainerMetrics metrics = every == null ? null : new TrainerMetrics();
            MeterRegistry registry = metrics == null ? null : metrics.registry();
            TrainerRun run = new TrainerRun(
                    new KafkaProfileSource(kafka, topics.customerProfiles(), readTimeout, !noProgress, registry),
                    new KafkaModelStore(kafka, topics.segmentModels(), SegmentModel.DEFAULT_NAME, readTimeout,
                            registry),
                    options, Clock.systemUTC());
            if (every == null) {
                return runOnce(run, System.out);
            }
            return runEvery(run, every, TrainerSettings.httpPort(settings), metrics);
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    private Settings withCommandLine(Settings settings) {
        if (k != null) {
            settings = settings.with(TrainerSettings.TRAINER_K, k.toString());
        }
        if (kRange != null) {
            settings = settings.with(TrainerSettings.TRAINER_K_RANGE, kRange);
        }
        if (asOf != null) {
            settings = settings.with(TrainerSettings.TRAINER_AS_OF, asOf);
        }
        if (minCustomers != null) {
            settings = settings.with(TrainerSettings.TRAINER_MIN_CUSTOMERS, minCustomers.toString());
        }
        if (minSilhouette != null) {
            settings = settings.with(TrainerSettings.TRAINER_MIN_SILHOUETTE, minSilhouette.toString());
        }
        if (maxMovedShare != null) {
            settings = settings.with(TrainerSettings.TRAINER_MAX_MOVED_SHARE, maxMovedShare.toString());
        }
        if (seed != null) {
            settings = settings.with(TrainerSettings.TRAINER_SEED, seed.toString());
        }
        return settings;
    }

    static int runOnce(TrainerRun run, PrintStream out) {
        TrainerRun.Outcome outcome;
        try {
            outcome = run.run();
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("training run failed; the model in force stays", e);
            return EXIT_FAILURE;
        }
        if (outcome.result() == TrainerRun.Result.DRY_RUN) {
            out.println(pretty(outcome.model()));
            out.print(outcome.report().render());
            if (outcome.value() != null) {
                out.print(outcome.value().render());
            }
            out.println(outcome.reasons().isEmpty() ? "quality gate: passed"
                    : "quality gate: would refuse: " + String.join("; ", outcome.reasons()));
            return outcome.reasons().isEmpty() ? EXIT_OK : EXIT_REFUSED;
        }
        return outcome.result() == TrainerRun.Result.PUBLISHED ? EXIT_OK : EXIT_REFUSED;
    }

    private static String pretty(SegmentModel model) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(model);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException("cannot print model v" + model.version(), e);
        }
    }

    private static int runEvery(TrainerRun run, Duration every, int httpPort, TrainerMetrics metrics) {
        CountDownLatch stopped = new CountDownLatch(1);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "trainer");
            thread.setDaemon(true);
            return thread;
        });
        try (TrainerHttpServer http = new TrainerHttpServer(metrics, httpPort)) {
            LOG.info("training every {}; /metrics and /health on port {}", every, http.port());
            // fixed delay: a slow run is never overlapped by the next one
            scheduler.scheduleWithFixedDelay(() -> {
                long started = System.nanoTime();
                try {
                    TrainerRun.Outcome outcome = run.run();
                    metrics.record(outcome);
                    http.record(outcome.result(), outcome.result() == TrainerRun.Result.PUBLISHED
                            ? outcome.model().version() : null);
                } catch (RuntimeException e) {
                    LOG.error("training run failed; the model in force stays; next run in {}", every, e);
                    metrics.recordFailure(Duration.ofNanos(System.nanoTime() - started));
                    http.record(TrainerRun.Result.FAILED, null);
                }
            }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                scheduler.shutdownNow();
                stopped.countDown();
            }, "trainer-shutdown"));
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return EXIT_OK;
    }
}
