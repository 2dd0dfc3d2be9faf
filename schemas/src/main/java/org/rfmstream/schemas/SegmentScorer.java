package org.rfmstream.schemas;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The segment model's arithmetic, in one place so that the topology, the HTTP API and the trainer agree:
 * features → log1p → standardised point, Euclidean distances to every centroid, and the nearest segment
 * (ties go to the earlier segment in the model's list).
 *
 * <p>It also answers when growing recency alone will move a customer to another segment. Only the recency
 * coordinate moves, so each squared-distance difference to the current centroid is linear in it and the
 * crossing has a closed form; integer recency days make the answer a whole number of days after the last
 * purchase.
 */
public final class SegmentScorer {

    /** Crossings further out than this are treated as never (about 270 years). */
    public static final long MAX_RECENCY_DAYS = 100_000;

    private static final int RECENCY = 0;

    private final SegmentModel model;
    private final double[] mean;
    private final double[] std;
    private final double[][] centroids;

    private SegmentScorer(SegmentModel model) {
        this.model = model;
        this.mean = model.scaler().mean().clone();
        this.std = model.scaler().std().clone();
        List<SegmentModel.Segment> segments = model.segments();
        this.centroids = new double[segments.size()][];
        for (int s = 0; s < segments.size(); s++) {
            centroids[s] = segments.get(s).centroid().clone();
        }
    }

    /** @throws InvalidModelException if the model fails {@link ModelValidation} */
    public static SegmentScorer of(SegmentModel model) {
        return new SegmentScorer(ModelValidation.requireValid(model));
    }

    public SegmentModel model() {
        return model;
    }

    public List<SegmentModel.Segment> segments() {
        return model.segments();
    }

    /** The customer's point in the model's space: {@code (log1p(v) - mean) / std} per feature. */
    public double[] point(double recencyDays, double frequency, double monetary) {
        return new double[] {
                scaled(0, recencyDays),
                scaled(1, frequency),
                scaled(2, monetary)
        };
    }

    public double[] point(Rfm rfm) {
        return point(rfm.recencyDays(), rfm.frequency(), toDouble(rfm.monetary()));
    }

    private double scaled(int feature, double value) {
        return (Math.log1p(Math.max(0, value)) - mean[feature]) / std[feature];
    }

    /** Euclidean distance from the point to each segment's centroid, in the model's order. */
    public double[] distances(double[] point) {
        double[] distances = new double[centroids.length];
        for (int s = 0; s < centroids.length; s++) {
            distances[s] = Math.sqrt(squaredDistance(point, centroids[s]));
        }
        return distances;
    }

    /** Index of the nearest centroid; on a tie, the earlier segment. */
    public int nearestIndex(double[] point) {
        int best = 0;
        double bestDistance = squaredDistance(point, centroids[0]);
        for (int s = 1; s < centroids.length; s++) {
            double distance = squaredDistance(point, centroids[s]);
            if (distance < bestDistance) {
                best = s;
                bestDistance = distance;
            }
        }
        return best;
    }

    public SegmentModel.Segment nearest(Rfm rfm) {
        return model.segments().get(nearestIndex(point(rfm)));
    }

    /** The segment and the distances to every centroid. */
    public Assignment score(Rfm rfm) {
        double[] point = point(rfm);
        return new Assignment(model.segments().get(nearestIndex(point)), distances(point));
    }

    /**
     * The smallest whole recency (in days) above {@code recencyDays} at which the customer, with the same
     * frequency and monetary, belongs to another segment; empty if that never happens.
     */
    public OptionalLong nextSegmentChangeDay(long recencyDays, long frequency, double monetary) {
        double[] point = point(recencyDays, frequency, monetary);
        int current = nearestIndex(point);
        double crossing = Double.POSITIVE_INFINITY;
        double ci = centroids[current][RECENCY];
        double otherI = squaredDistanceWithout(point, centroids[current], RECENCY);
        for (int j = 0; j < centroids.length; j++) {
            double cj = centroids[j][RECENCY];
            if (j == current || cj <= ci) {
                continue; // moving towards higher recency never brings this centroid closer relative to ours
            }
            double otherJ = squaredDistanceWithout(point, centroids[j], RECENCY);
            double x = (cj * cj - ci * ci + otherJ - otherI) / (2 * (cj - ci));
            crossing = Math.min(crossing, x);
        }
        if (!Double.isFinite(crossing)) {
            return OptionalLong.empty();
        }
        double crossingDays = Math.expm1(crossing * std[RECENCY] + mean[RECENCY]);
        if (!(crossingDays < MAX_RECENCY_DAYS)) {
            return OptionalLong.empty();
        }
        // The closed form gives the real crossing; settle the whole day exactly against nearestIndex.
        long day = Math.max(recencyDays + 1, (long) Math.floor(crossingDays));
        while (day - 1 > recencyDays && belongsElsewhere(day - 1, frequency, monetary, current)) {
            day--;
        }
        while (!belongsElsewhere(day, frequency, monetary, current)) {
            day++;
            if (day > MAX_RECENCY_DAYS) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(day);
    }

    /**
     * The instant at which growing recency alone moves this customer to another segment, evaluated from
     * {@code asOf}; null if never (or if the customer never purchased).
     */
    public Instant nextReviewAt(Instant lastPurchase, long frequency, BigDecimal monetary, Instant asOf) {
        if (lastPurchase == null) {
            return null;
        }
        long recency = Rfm.recencyDays(lastPurchase, asOf);
        OptionalLong day = nextSegmentChangeDay(recency, frequency, toDouble(monetary));
        if (day.isEmpty()) {
            return null;
        }
        return lastPurchase.plus(Rfm.DAY.multipliedBy(day.getAsLong()));
    }

    private boolean belongsElsewhere(long recencyDays, long frequency, double monetary, int current) {
        return nearestIndex(point(recencyDays, frequency, monetary)) != current;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    private static double squaredDistanceWithout(double[] a, double[] b, int skipped) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (i != skipped) {
                double d = a[i] - b[i];
                sum += d * d;
            }
        }
        return sum;
    }

    private static double toDouble(BigDecimal money) {
        return money == null ? 0 : money.doubleValue();
    }

    /** A scored customer: the nearest segment and the distance to every segment, in the model's order. */
    public record Assignment(SegmentModel.Segment segment, double[] distances) {
    }
}
