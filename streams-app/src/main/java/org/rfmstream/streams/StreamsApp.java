package org.rfmstream.streams;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.value.ValueSettings;
import org.rfmstream.streams.config.CoPartitioning;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.config.StreamsSettings;
import org.rfmstream.streams.config.ValueConfig;
import org.rfmstream.streams.http.ErasureRoutes;
import org.rfmstream.streams.http.HttpPeerClient;
import org.rfmstream.streams.http.HttpServer;
import org.rfmstream.streams.http.HttpSettings;
import org.rfmstream.streams.kafka.KafkaErasureRequester;
import org.rfmstream.streams.kafka.KafkaStreamsMetadataSource;
import org.rfmstream.streams.kafka.LocalSegmentationStore;
import org.rfmstream.streams.http.MeterRegistries;
import org.rfmstream.streams.http.ChangeFeedRoutes;
import org.rfmstream.streams.live.SegmentChangeFeed;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.query.ModelSource;
import org.rfmstream.streams.query.QueryService;
import org.rfmstream.streams.state.ModelStore;
import org.rfmstream.streams.state.StoreNames;
import org.rfmstream.streams.topology.SegmentationTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Wires configuration, the topology, Kafka Streams and the HTTP server together; the business rules live in the
 * topology, the answers in the query service.
 */
@Command(name = "streams-app", mixinStandardHelpOptions = true,
        description = "Real-time RFM segmentation on Kafka Streams, with its HTTP API and dashboard.")
public final class StreamsApp implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    private static final Duration MODEL_REFRESH = Duration.ofMillis(500);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Optional properties file; environment variables override it.")
    private Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamsApp()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Running running;
        try {
            running = start(Settings.load(config));
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            running.close();
            stopped.countDown();
        }, "streams-app-shutdown"));
        // Kafka Streams in ERROR never recovers: exit (the shutdown hook closes the rest), so that the process
        // supervisor (Kubernetes, compose's restart policy) starts it again, as /health's DOWN also asks for.
        running.failed().thenRun(stopped::countDown);
        stopped.await();
        if (running.failed().isDone()) {
            LOG.error("Kafka Streams failed (ERROR): exiting with status 1 so that the process is restarted");
            return 1;
        }
        return 0;
    }

    /**
     * Starts everything one instance runs: the HTTP server first (so /health answers while state restores), then
     * the live change feed and Kafka Streams.
     *
     * @throws ConfigException on bad configuration, before anything starts
     */
    public static Running start(Settings settings) {
        PrometheusMeterRegistry registry = MeterRegistries.prometheus();
        SegmentationMetrics metrics = new SegmentationMetrics(registry);
        SegmentationOptions options = SegmentationOptions.from(settings);
        Properties properties = StreamsSettings.properties(settings, metrics);
        HttpSettings http = HttpSettings.from(settings);
        try (Admin admin = Admin.create(settings.kafkaProperties())) {
            CoPartitioning.check(admin, options.topics(), Duration.ofSeconds(10));
        }

        Topology topology = SegmentationTopology.build(options, metrics);
        CompletableFuture<Void> failed = new CompletableFuture<>();
        KafkaStreams streams = newKafkaStreams(topology, properties, StreamsSettings.threadFailurePolicy(settings),
                state -> {
                    if (state == KafkaStreams.State.ERROR) {
                        failed.complete(null);
                    }
                });
        KafkaStreamsMetrics streamsMetrics = MeterRegistries.bindKafkaStreams(registry, streams);

        QueryService queries = new QueryService(
                new KafkaStreamsMetadataSource(streams, StoreNames.PROFILES, http.applicationServer()),
                new LocalSegmentationStore(streams, topology),
                ModelSource.refreshing(() -> currentModel(streams), MODEL_REFRESH),
                new HttpPeerClient(http),
                now(options, metrics),
                http.queryOptions().withValue(ValueSettings.from(settings)));
        // the per-segment value figures move with time, so they are recomputed on a schedule, off the stream thread
        Duration valueRefresh = ValueConfig.refresh(settings);
        ScheduledExecutorService valueScans = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "segment-values");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
        valueScans.scheduleWithFixedDelay(() -> {
            try {
                queries.refreshSegmentValues();
            } catch (RuntimeException e) {
                LOG.warn("Segment value figures not refreshed: {}", e.getMessage());
            }
        }, Math.min(valueRefresh.toMillis(), 5_000), valueRefresh.toMillis(), TimeUnit.MILLISECONDS);
        SegmentChangeFeed feed = SegmentChangeFeed.fromSettings(settings).withMetrics(registry).start();
        // erasure over HTTP only behind the bearer token
        KafkaErasureRequester erasures = http.apiToken() == null ? null : KafkaErasureRequester.fromSettings(settings);
        HttpServer server = new HttpServer(http, queries, registry,
                config -> {
                    ChangeFeedRoutes.register(config.routes, feed.broadcaster());
                    ErasureRoutes.register(config.routes, erasures);
                }).start();
        streams.start();
        LOG.info("Kafka Streams started as group member {} (session timeout {} ms{})",
                Objects.requireNonNullElse(properties.get(StreamsConfig.mainConsumerPrefix(
                        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)), "dynamic"),
                properties.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                StreamsSettings.leaveGroupOnClose(settings) ? ", leaves the group on shutdown" : "");
        return new Running(streams, server, feed, streamsMetrics, valueScans, erasures,
                StreamsSettings.leaveGroupOnClose(settings), failed);
    }

    /** Kafka Streams that replaces a failed stream thread and logs its state changes; not yet started. */
    public static KafkaStreams newKafkaStreams(Topology topology, Properties properties) {
        return newKafkaStreams(topology, properties, error -> {
            LOG.error("A stream thread failed; replacing it", error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }, state -> { });
    }

    /**
     * Kafka Streams whose failed stream threads go to {@code failures}, logging its state changes and telling
     * {@code onState} of each new state; not started.
     */
    public static KafkaStreams newKafkaStreams(Topology topology, Properties properties,
                                               StreamsUncaughtExceptionHandler failures,
                                               Consumer<KafkaStreams.State> onState) {
        KafkaStreams streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(failures);
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams {} -> {}", oldState, newState);
            onState.accept(newState);
        });
        return streams;
    }

    /**
     * In wall-clock mode the system clock; in event time the latest event clock of this instance's tasks, null while
     * none knows one (never the wall clock: a replayed history would look years inactive).
     */
    private static Supplier<Instant> now(SegmentationOptions options, SegmentationMetrics metrics) {
        if (options.clock() == SegmentationOptions.Clock.WALL_CLOCK) {
            return Instant::now;
        }
        return () -> metrics.eventTime().orElse(null);
    }

    private static Optional<SegmentModel> currentModel(KafkaStreams streams) {
        try {
            return ModelStore.of(streams).current();
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /**
     * One running instance; closing it stops the feed, then the HTTP server (and the producer of its erasure
     * requests, if any), then Kafka Streams. A static member
     * stays in the group unless {@code leaveGroup}: its tasks wait for it to come back within the session timeout
     * (a restart), rather than moving away and back (a scale-down should leave, or wait for the timeout).
     * {@code failed} completes if Kafka Streams reaches ERROR.
     */
    public record Running(KafkaStreams streams, HttpServer server, SegmentChangeFeed feed,
                          KafkaStreamsMetrics streamsMetrics, ScheduledExecutorService valueScans,
                          KafkaErasureRequester erasures, boolean leaveGroup, CompletableFuture<Void> failed)
            implements AutoCloseable {
        @Override
        public void close() {
            valueScans.shutdownNow();
            feed.close();
            server.close();
            if (erasures != null) {
                erasures.close();
            }
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(leaveGroup
                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                    : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
            streamsMetrics.close();
        }
    }
}
