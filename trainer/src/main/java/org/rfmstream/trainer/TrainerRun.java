package org.rfmstream.trainer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.trainer.model.QualityGate;
import org.rfmstream.trainer.model.SegmentTrainer;
import org.rfmstream.trainer.model.TrainingException;
import org.rfmstream.trainer.model.TrainingOptions;
import org.rfmstream.trainer.model.TrainingReport;
import org.rfmstream.trainer.value.ValueFitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run: read the snapshot and the model in force, train, check the gate, publish. A model that does
 * not pass is never published (unless forced) and the model in force stays; a model that does not validate is
 * never published at all.
 */
public final class TrainerRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerRun.class);

    /** How recency's "now" is chosen when no explicit instant is given. */
    public enum AsOfMode { EVENT_TIME, WALL_CLOCK }

    public enum Result {
        PUBLISHED, DRY_RUN, REFUSED, FAILED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param model   the trained model (null if training was impossible)
     * @param report  what happened in training (null if training was impossible)
     * @param reasons why the model was refused (or, when forced or dry, why it would have been)
     * @param value   the value models' fit (null when training was impossible or value models are off)
     */
    public record Outcome(Result result, SegmentModel model, TrainingReport report, List<String> reasons,
                          Duration duration, ValueFitter.Result value) {

        public Outcome(Result result, SegmentModel model, TrainingReport report, List<String> reasons,
                       Duration duration) {
            this(result, model, report, reasons, duration, null);
        }
    }

    /** @param value how the value models are fitted; null fits none */
    public record Options(TrainingOptions training, QualityGate gate, AsOfMode asOfMode, Instant asOf,
                           boolean dryRun, boolean force, ValueFitter.Options value) {

        /** Value models fitted with their defaults. */
        public Options(TrainingOptions training, QualityGate gate, AsOfMode asOfMode, Instant asOf, boolean dryRun,
                       boolean force) {
            this(training, gate, asOfMode, asOf, dryRun, force, ValueFitter.Options.defaults(training.seed()));
        }
    }

    private final ProfileSource profiles;
    private final ModelStore models;
    private final Options options;
    private final Clock clock;

    public TrainerRun(ProfileSource profiles, ModelStore models, Options options, Clock clock) {
        this.profiles = profiles;
        this.models = models;
        this.options = options;
        this.clock = clock;
    }

    public Outcome run() {
        long started = System.nanoTime();
        ProfileSnapshot snapshot = profiles.read();
        ModelStore.Latest latest = models.latest();
        Instant asOf = asOf(snapshot);
        LOG.info("training on {} customers (read {} records: {} tombstones, {} unreadable, {} without purchases);"
                        + " recency as of {}; model in force: {}", snapshot.customers().size(), snapshot.records(),
                snapshot.tombstones(), snapshot.unreadable(), snapshot.withoutPurchases(), asOf,
                latest.model() == null ? "none" : "v" + latest.model().version());

        SegmentTrainer.Result trained;
        try {
            trained = new SegmentTrainer(options.training())
                    .train(snapshot.customers(), asOf, latest.model(), latest.maxVersion() + 1, clock.instant());
        } catch (TrainingException e) {
            LOG.warn("no model trained, the model in force stays: {}", e.getMessage());
            return new Outcome(Result.REFUSED, null, null, List.of(e.getMessage()), since(started));
        }
        SegmentModel model = trained.model();
        TrainingReport report = trained.report();
        LOG.info("trained model v{}:{}{}", model.version(), System.lineSeparator(), report.render());
        ValueFitter.Result value = null;
        if (options.value() != null) {
            value = new ValueFitter(options.value()).fit(snapshot.customers(), asOf);
            if (value.fitted()) {
                model = model.withValue(value.value());
                LOG.info("{}", value.render().strip());
            } else {
                // the segments are published all the same; readers have no value model until a fit succeeds
                LOG.warn("model v{} goes without value models: {}", model.version(), value.failure());
            }
        }

        QualityGate.Decision decision = options.gate().evaluate(model, report.stability());
        boolean valid = ModelValidation.problems(model).isEmpty();
        if (!decision.passed()) {
            LOG.warn("model v{} fails the quality gate: {}", model.version(), String.join("; ", decision.reasons()));
        }
        if (options.dryRun()) {
            return new Outcome(Result.DRY_RUN, model, report, decision.reasons(), since(started), value);
        }
        if (!valid || (!decision.passed() && !options.force())) {
            LOG.warn("model v{} not published; the model in force stays ({})", model.version(),
                    latest.model() == null ? "none" : "v" + latest.model().version());
            return new Outcome(Result.REFUSED, model, report, decision.reasons(), since(started), value);
        }
        if (!decision.passed()) {
            LOG.warn("publishing model v{} anyway: --force", model.version());
        }
        models.publish(model);
        LOG.info("published model v{} (k={}, silhouette {})", model.version(), model.quality().k(),
                String.format(java.util.Locale.ROOT, "%.4f", model.quality().silhouette()));
        return new Outcome(Result.PUBLISHED, model, report, decision.reasons(), since(started), value);
    }

    private Instant asOf(ProfileSnapshot snapshot) {
        if (options.asOf() != null) {
            return options.asOf();
        }
        if (options.asOfMode() == AsOfMode.EVENT_TIME) {
            return snapshot.latestPurchase().orElseGet(clock::instant);
        }
        return clock.instant();
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
