package org.rfmstream.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.config.StreamsSettings;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.topology.SegmentationTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Wires configuration, the topology and Kafka Streams together; the business rules live in the topology. */
@Command(name = "streams-app", mixinStandardHelpOptions = true,
        description = "Real-time RFM segmentation on Kafka Streams.")
public final class StreamsApp implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Optional properties file; environment variables override it.")
    private Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamsApp()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Settings settings;
        SegmentationOptions options;
        Properties properties;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SegmentationMetrics metrics = new SegmentationMetrics(registry);
        try {
            settings = Settings.load(config);
            options = SegmentationOptions.from(settings);
            properties = StreamsSettings.properties(settings, metrics);
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            return 2;
        }
        KafkaStreams streams = start(SegmentationTopology.build(options, metrics), properties, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            streams.close(Duration.ofSeconds(30));
            stopped.countDown();
        }, "streams-app-shutdown"));
        stopped.await();
        return 0;
    }

    /** Starts Kafka Streams with a replaced thread on unexpected errors and logged state changes. */
    public static KafkaStreams start(Topology topology, Properties properties, MeterRegistry registry) {
        KafkaStreams streams = new KafkaStreams(topology, properties);
        new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams).bindTo(registry);
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("A stream thread failed; replacing it", error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((newState, oldState) -> LOG.info("Kafka Streams {} -> {}", oldState, newState));
        streams.start();
        return streams;
    }
}
