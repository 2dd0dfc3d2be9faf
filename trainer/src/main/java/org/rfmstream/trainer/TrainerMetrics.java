package org.rfmstream.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The trainer's metrics: {@code trainer_runs_total{result}}, {@code trainer_duration_seconds},
 * {@code trainer_silhouette} (of the last trained model), {@code trainer_model_version} (last published) and
 * {@code trainer_value_fits_total{result=fitted|failed}} (the value models' fits; a failed one leaves the model
 * without its value block).
 */
public final class TrainerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<TrainerRun.Result, Counter> runs = new EnumMap<>(TrainerRun.Result.class);
    private final Timer duration;
    private final Counter valueFitted;
    private final Counter valueFailed;
    private volatile double silhouette = Double.NaN;
    private volatile double publishedVersion = Double.NaN;

    public TrainerMetrics() {
        for (TrainerRun.Result result : TrainerRun.Result.values()) {
            runs.put(result, Counter.builder("trainer.runs").description("Training runs by result")
                    .tag("result", result.tag()).register(registry));
        }
        duration = Timer.builder("trainer.duration").description("Wall time of a training run")
                .register(registry);
        Gauge.builder("trainer.silhouette", this, m -> m.silhouette)
                .description("Silhouette of the last trained model").register(registry);
        Gauge.builder("trainer.model.version", this, m -> m.publishedVersion)
                .description("Version of the last published model").register(registry);
        valueFitted = Counter.builder("trainer.value.fits").description("Value model fits by result")
                .tag("result", "fitted").register(registry);
        valueFailed = Counter.builder("trainer.value.fits").description("Value model fits by result")
                .tag("result", "failed").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
    }

    public void record(TrainerRun.Outcome outcome) {
        runs.get(outcome.result()).increment();
        duration.record(outcome.duration());
        if (outcome.model() != null && outcome.model().quality() != null) {
            silhouette = outcome.model().quality().silhouette();
        }
        if (outcome.value() != null) {
            (outcome.value().fitted() ? valueFitted : valueFailed).increment();
        }
        if (outcome.result() == TrainerRun.Result.PUBLISHED) {
            publishedVersion = outcome.model().version();
        }
    }

    public void recordFailure(java.time.Duration took) {
        runs.get(TrainerRun.Result.FAILED).increment();
        duration.record(took);
    }

    public String scrape() {
        return registry.scrape();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }
}
