package org.rfmstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The k-means segment model, the value of the compacted {@code segment-models} topic (key: {@link #name}).
 * Centroids live in the transformed and scaled space {@code x = (log1p(v) - mean) / std}; use
 * {@link SegmentScorer} for every computation with it, so scoring means the same thing everywhere.
 *
 * @param value the customer value models fitted with the segments, or null (absent on the wire) when the run fitted
 *              none: readers then have no value model
 */
public record SegmentModel(
        String name,
        long version,
        Instant trainedAt,
        Instant asOf,
        List<String> features,
        String transform,
        Scaler scaler,
        List<Segment> segments,
        Quality quality,
        long trainingCustomers,
        @JsonInclude(JsonInclude.Include.NON_NULL) Value value,
        @JsonInclude(JsonInclude.Include.NON_NULL) RfmScoring.Edges rfm) {

    public static final String DEFAULT_NAME = "rfm-kmeans";
    public static final List<String> FEATURES = List.of("recency", "frequency", "monetary");
    public static final String TRANSFORM_LOG1P = "log1p";

    public SegmentModel {
        features = features == null ? null : List.copyOf(features);
        segments = segments == null ? null : List.copyOf(segments);
    }

    /** A model without value models and without RFM score edges. */
    public SegmentModel(String name, long version, Instant trainedAt, Instant asOf, List<String> features,
                        String transform, Scaler scaler, List<Segment> segments, Quality quality,
                        long trainingCustomers) {
        this(name, version, trainedAt, asOf, features, transform, scaler, segments, quality, trainingCustomers, null,
                null);
    }

    /** A model without RFM score edges (readers then give no RFM scores). */
    public SegmentModel(String name, long version, Instant trainedAt, Instant asOf, List<String> features,
                        String transform, Scaler scaler, List<Segment> segments, Quality quality,
                        long trainingCustomers, Value value) {
        this(name, version, trainedAt, asOf, features, transform, scaler, segments, quality, trainingCustomers, value,
                null);
    }

    public SegmentModel withVersion(long newVersion) {
        return new SegmentModel(name, newVersion, trainedAt, asOf, features, transform, scaler, segments, quality,
                trainingCustomers, value, rfm);
    }

    public SegmentModel withValue(Value newValue) {
        return new SegmentModel(name, version, trainedAt, asOf, features, transform, scaler, segments, quality,
                trainingCustomers, newValue, rfm);
    }

    public SegmentModel withRfm(RfmScoring.Edges edges) {
        return new SegmentModel(name, version, trainedAt, asOf, features, transform, scaler, segments, quality,
                trainingCustomers, value, edges);
    }

    /** The standardisation fitted on the training set, per feature. */
    public record Scaler(double[] mean, double[] std) {
    }

    /** One named segment: a stable business id, a display name, the marketing action and its centroid. */
    public record Segment(String id, String name, String action, double[] centroid, long size, SegmentMean mean) {
    }

    /** The segment's average customer in business units. */
    public record SegmentMean(double recencyDays, double frequency, double monetary) {
    }

    /**
     * How good the chosen clustering is, and every candidate k that was tried.
     *
     * @param silhouetteSample how many points the (exact) silhouette was computed on
     * @param comparison       other clustering methods fitted on the same sample, for comparison only; null if not run
     */
    public record Quality(int k, double silhouette, double inertia, List<Candidate> candidates,
                          Integer silhouetteSample, List<MethodComparison> comparison) {

        public Quality(int k, double silhouette, double inertia, List<Candidate> candidates,
                       Integer silhouetteSample) {
            this(k, silhouette, inertia, candidates, silhouetteSample, null);
        }
    }

    /**
     * One candidate k: its figures and, when the trainer published them, its segments (centroids, sizes, means and
     * names as they would be if this k were chosen), so that a person can compare candidates before publishing one.
     */
    public record Candidate(int k, double silhouette, double inertia, List<Segment> segments) {

        public Candidate(int k, double silhouette, double inertia) {
            this(k, silhouette, inertia, null);
        }
    }

    /**
     * Another clustering method fitted on the same scaled sample as k-means, reported beside it (k-means stays the
     * published model).
     *
     * @param method           {@code gaussian-mixture} or {@code dbscan}
     * @param parameters       how it was run (e.g. components, minPts, radius) and how those were chosen
     * @param clusters         clusters found (DBSCAN's noise is not a cluster)
     * @param sizes            points per cluster, largest first
     * @param silhouette       over the clustered (non-noise) points; null when fewer than 2 clusters
     * @param noiseShare       the share of points DBSCAN left as noise; 0 for methods without noise
     * @param adjustedRandIndex agreement with the k-means labels on the same points (noise as its own label)
     * @param sample           how many points it ran on
     */
    public record MethodComparison(String method, java.util.Map<String, Object> parameters, int clusters,
                                   List<Long> sizes, Double silhouette, double noiseShare, double adjustedRandIndex,
                                   int sample, String note) {
    }

    /**
     * The customer value models fitted on the same run's profiles: BG/NBD (r, alpha, a, b) for purchases and
     * dropout, Gamma-Gamma (p, q, gamma) for spend per order. Use {@link org.rfmstream.schemas.value.ValueScorer}
     * for every computation with them.
     *
     * @param timeUnit                the unit of alpha and of every time in the fit: {@code days} or {@code weeks}
     * @param bgnbdLogLikelihood      the BG/NBD log-likelihood at the fitted parameters, summed over the customers
     * @param gammaGammaLogLikelihood the Gamma-Gamma log-likelihood, summed over the repeat customers
     * @param customersFitted         customers in the BG/NBD fit (a seeded sample of the run when it is larger)
     * @param repeatCustomersFitted   customers with repeat orders in the Gamma-Gamma fit
     * @param calibration             how the fitted models reproduce the data they were fitted on
     */
    public record Value(String timeUnit, double r, double alpha, double a, double b, double p, double q,
                        double gamma, double bgnbdLogLikelihood, double gammaGammaLogLikelihood,
                        long customersFitted, long repeatCustomersFitted, Calibration calibration) {
    }

    /**
     * @param expectedRepeatPurchases the BG/NBD's expected repeat purchases of the fitted customers over their
     *                                own observation periods (sum of E[X(T)])
     * @param actualRepeatPurchases   the repeat purchases they made (sum of x)
     * @param expectedOrderValue      the Gamma-Gamma population mean order value p gamma / (q - 1)
     * @param observedOrderValue      the mean of the repeat customers' mean repeat order values
     */
    public record Calibration(double expectedRepeatPurchases, long actualRepeatPurchases, double expectedOrderValue,
                              double observedOrderValue) {
    }
}
