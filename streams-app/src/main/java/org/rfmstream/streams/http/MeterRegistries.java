package org.rfmstream.streams.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The one meter registry of a streams-app process, scraped at {@code /metrics}. The topology registers its
 * {@code segmentation_*} meters on the same registry; Micrometer names such as
 * {@code segmentation.events} (a counter) come out as {@code segmentation_events_total}.
 */
public final class MeterRegistries {

    /** Micrometer's name of {@code streams_state}. */
    public static final String STREAMS_STATE = "streams.state";

    private MeterRegistries() {
    }

    /** A Prometheus registry with the JVM's and the process's own metrics bound. */
    public static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindJvm(registry);
        return registry;
    }

    static void bindJvm(MeterRegistry registry) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        // JvmGcMetrics keeps a GC notification listener; it lives as long as the process
        new JvmGcMetrics().bindTo(registry);
    }

    /**
     * Binds Kafka Streams' own metrics (threads, tasks, stores, the embedded clients) as {@code kafka_stream_*}
     * and {@code kafka_consumer_*}... series. Close the binder when the streams are closed.
     */
    public static KafkaStreamsMetrics bindKafkaStreams(MeterRegistry registry, KafkaStreams streams) {
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        bindState(registry, streams);
        return metrics;
    }

    /**
     * {@code streams_state{state=...}}: 1 for the state Kafka Streams is in, 0 for the others (Kafka's own state
     * metric is a string, which Prometheus cannot carry). Alerts fire on RUNNING staying 0.
     */
    static void bindState(MeterRegistry registry, KafkaStreams streams) {
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            Gauge.builder(STREAMS_STATE, streams, s -> s.state() == state ? 1 : 0)
                    .description("1 for the state Kafka Streams is in, 0 for the others")
                    .tag("state", state.name())
                    .register(registry);
        }
    }
}
