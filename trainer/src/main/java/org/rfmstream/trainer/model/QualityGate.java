package org.rfmstream.trainer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.SegmentModel;

/**
 * What a new model must show before it replaces the one in force: it validates, it was trained on enough
 * customers, its segments are distinct enough, and it does not move too many customers at once.
 *
 * @param minCustomers  fewest customers a model may be trained on
 * @param minSilhouette lowest acceptable silhouette
 * @param maxMovedShare largest share of customers (0..1) allowed to change segment against the model in force
 */
public record QualityGate(long minCustomers, double minSilhouette, double maxMovedShare) {

    public static final long DEFAULT_MIN_CUSTOMERS = 100;
    public static final double DEFAULT_MIN_SILHOUETTE = 0.25;
    public static final double DEFAULT_MAX_MOVED_SHARE = 0.3;

    public QualityGate {
        if (minCustomers < 0) {
            throw new IllegalArgumentException("min customers must be ≥ 0, is " + minCustomers);
        }
        if (!(minSilhouette >= -1 && minSilhouette <= 1)) {
            throw new IllegalArgumentException("min silhouette must lie in -1..1, is " + minSilhouette);
        }
        if (!(maxMovedShare >= 0 && maxMovedShare <= 1)) {
            throw new IllegalArgumentException("max moved share must lie in 0..1, is " + maxMovedShare);
        }
    }

    public static QualityGate defaults() {
        return new QualityGate(DEFAULT_MIN_CUSTOMERS, DEFAULT_MIN_SILHOUETTE, DEFAULT_MAX_MOVED_SHARE);
    }

    /** @param stability against the model in force, or null when there is none */
    public Decision evaluate(SegmentModel candidate, Stability stability) {
        List<String> reasons = new ArrayList<>(ModelValidation.problems(candidate));
        if (candidate != null) {
            if (candidate.trainingCustomers() < minCustomers) {
                reasons.add(String.format(Locale.ROOT, "trained on %d customers, fewer than the minimum %d",
                        candidate.trainingCustomers(), minCustomers));
            }
            if (candidate.quality() != null && !(candidate.quality().silhouette() >= minSilhouette)) {
                reasons.add(String.format(Locale.ROOT, "silhouette %.4f is below the minimum %.4f",
                        candidate.quality().silhouette(), minSilhouette));
            }
        }
        if (stability != null && stability.movedShare() > maxMovedShare) {
            reasons.add(String.format(Locale.ROOT,
                    "%d of %d customers (%.2f%%) would change segment, more than the maximum %.2f%%",
                    stability.moved(), stability.customers(), 100 * stability.movedShare(), 100 * maxMovedShare));
        }
        return new Decision(reasons);
    }

    /** Empty reasons: the model may be published. */
    public record Decision(List<String> reasons) {

        public Decision {
            reasons = List.copyOf(reasons);
        }

        public boolean passed() {
            return reasons.isEmpty();
        }
    }
}
