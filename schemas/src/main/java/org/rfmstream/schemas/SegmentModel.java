package org.rfmstream.schemas;

import java.time.Instant;
import java.util.List;

/**
 * The k-means segment model, the value of the compacted {@code segment-models} topic (key: {@link #name}).
 * Centroids live in the transformed and scaled space {@code x = (log1p(v) - mean) / std}; use
 * {@link SegmentScorer} for every computation with it, so scoring means the same thing everywhere.
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
        long trainingCustomers) {

    public static final String DEFAULT_NAME = "rfm-kmeans";
    public static final List<String> FEATURES = List.of("recency", "frequency", "monetary");
    public static final String TRANSFORM_LOG1P = "log1p";

    public SegmentModel {
        features = features == null ? null : List.copyOf(features);
        segments = segments == null ? null : List.copyOf(segments);
    }

    public SegmentModel withVersion(long newVersion) {
        return new SegmentModel(name, newVersion, trainedAt, asOf, features, transform, scaler, segments, quality,
                trainingCustomers);
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
     */
    public record Quality(int k, double silhouette, double inertia, List<Candidate> candidates,
                          Integer silhouetteSample) {
    }

    public record Candidate(int k, double silhouette, double inertia) {
    }
}
