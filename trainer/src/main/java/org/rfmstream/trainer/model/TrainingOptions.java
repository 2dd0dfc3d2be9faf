package org.rfmstream.trainer.model;

/**
 * How a model is trained.
 *
 * @param fixedK              train exactly this k, or null to choose the best silhouette in {@code [minK, maxK]}
 * @param seed                seeds the sample and every k-means start: the same snapshot gives the same model
 * @param restarts            k-means starts per k; the lowest distortion wins
 * @param maxIterations       Lloyd iterations per start at most
 * @param fitSampleSize       at most this many customers (a seeded uniform sample) are clustered
 * @param silhouetteSampleSize the exact silhouette is computed on at most this many customers
 * @param maxKeepDistance     a new centroid this close (scaled units) to a previous segment's keeps its id
 */
public record TrainingOptions(Integer fixedK, int minK, int maxK, long seed, int restarts, int maxIterations,
                              int fitSampleSize, int silhouetteSampleSize, double maxKeepDistance,
                              SegmentCatalog catalog) {

    public static final int DEFAULT_MIN_K = 2;
    public static final int DEFAULT_MAX_K = 8;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_RESTARTS = 4;
    public static final int DEFAULT_MAX_ITERATIONS = 300;
    public static final int DEFAULT_FIT_SAMPLE_SIZE = 500_000;
    public static final int DEFAULT_SILHOUETTE_SAMPLE_SIZE = 10_000;
    public static final double DEFAULT_MAX_KEEP_DISTANCE = 0.5;

    public TrainingOptions {
        if (catalog == null) {
            throw new IllegalArgumentException("a segment catalog is required");
        }
        if (fixedK != null && (fixedK < 2 || fixedK > catalog.size())) {
            throw new IllegalArgumentException("k must be between 2 and " + catalog.size() + " (one segment per"
                    + " archetype), is " + fixedK);
        }
        if (minK < 2 || maxK < minK || maxK > catalog.size()) {
            throw new IllegalArgumentException("the k range must lie within 2.." + catalog.size()
                    + " and not be empty, is " + minK + ".." + maxK);
        }
        if (restarts < 1 || maxIterations < 1) {
            throw new IllegalArgumentException("restarts and iterations must be at least 1");
        }
        if (fitSampleSize < 2 || silhouetteSampleSize < 2) {
            throw new IllegalArgumentException("sample sizes must be at least 2");
        }
        if (!(maxKeepDistance >= 0)) {
            throw new IllegalArgumentException("the keep distance must be a number ≥ 0, is " + maxKeepDistance);
        }
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(null, DEFAULT_MIN_K, DEFAULT_MAX_K, DEFAULT_SEED, DEFAULT_RESTARTS,
                DEFAULT_MAX_ITERATIONS, DEFAULT_FIT_SAMPLE_SIZE, DEFAULT_SILHOUETTE_SAMPLE_SIZE,
                DEFAULT_MAX_KEEP_DISTANCE, SegmentCatalog.standard());
    }

    public TrainingOptions withFixedK(Integer k) {
        return new TrainingOptions(k, minK, maxK, seed, restarts, maxIterations, fitSampleSize,
                silhouetteSampleSize, maxKeepDistance, catalog);
    }

    public TrainingOptions withKRange(int min, int max) {
        return new TrainingOptions(fixedK, min, max, seed, restarts, maxIterations, fitSampleSize,
                silhouetteSampleSize, maxKeepDistance, catalog);
    }

    public TrainingOptions withSeed(long newSeed) {
        return new TrainingOptions(fixedK, minK, maxK, newSeed, restarts, maxIterations, fitSampleSize,
                silhouetteSampleSize, maxKeepDistance, catalog);
    }

    public TrainingOptions withRestarts(int newRestarts) {
        return new TrainingOptions(fixedK, minK, maxK, seed, newRestarts, maxIterations, fitSampleSize,
                silhouetteSampleSize, maxKeepDistance, catalog);
    }

    public TrainingOptions withSampleSizes(int fit, int silhouette) {
        return new TrainingOptions(fixedK, minK, maxK, seed, restarts, maxIterations, fit, silhouette,
                maxKeepDistance, catalog);
    }

    public TrainingOptions withMaxKeepDistance(double distance) {
        return new TrainingOptions(fixedK, minK, maxK, seed, restarts, maxIterations, fitSampleSize,
                silhouetteSampleSize, distance, catalog);
    }

    public TrainingOptions withCatalog(SegmentCatalog newCatalog) {
        return new TrainingOptions(fixedK, minK, maxK, seed, restarts, maxIterations, fitSampleSize,
                silhouetteSampleSize, maxKeepDistance, newCatalog);
    }

    /** The k values to try, in increasing order. */
    int[] kValues() {
        if (fixedK != null) {
            return new int[] {fixedK};
        }
        int[] ks = new int[maxK - minK + 1];
        for (int i = 0; i < ks.length; i++) {
            ks[i] = minK + i;
        }
        return ks;
    }
}
