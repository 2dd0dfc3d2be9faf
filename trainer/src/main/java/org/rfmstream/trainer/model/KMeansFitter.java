package org.rfmstream.trainer.model;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import smile.clustering.BBDTree;
import smile.clustering.CentroidClustering;
import smile.clustering.Clustering;
import smile.clustering.KMeans;
import smile.math.MathEx;

/**
 * Smile's k-means (k-means++ seeding, Lloyd iterations on a BBD-tree) run several times from different seeded
 * starts, keeping the lowest distortion. Every start is seeded from (seed, k, restart) on the calling thread, so
 * the same points in the same order always give the same centroids.
 */
final class KMeansFitter {

    /** Iterate to the fixed point: the centroids must be the means of their points. */
    private static final double TOLERANCE = 0.0;
    /** No one names more segments than this; it bounds the distinct-point count. */
    static final int MAX_K = 64;

    private final double[][] points;
    private final BBDTree tree;
    private final long seed;
    private final int restarts;
    private final int maxIterations;
    private final int distinctPoints;

    KMeansFitter(double[][] points, long seed, int restarts, int maxIterations) {
        if (points.length == 0) {
            throw new IllegalArgumentException("k-means needs at least one point");
        }
        this.points = points;
        this.tree = new BBDTree(points);
        this.seed = seed;
        this.restarts = restarts;
        this.maxIterations = maxIterations;
        this.distinctPoints = countDistinct(points, MAX_K);
    }

    /** The best of the restarts' centroids, or null when no start gave k non-empty clusters. */
    double[][] fit(int k) {
        if (k > distinctPoints) {
            return null; // k-means++ cannot start k clusters from fewer distinct points
        }
        CentroidClustering<double[], double[]> best = null;
        for (int restart = 0; restart < restarts; restart++) {
            MathEx.setSeed(mix(seed, k, restart));
            CentroidClustering<double[], double[]> clustering;
            try {
                clustering = KMeans.fit(tree, points, new Clustering.Options(k, maxIterations, TOLERANCE, null));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!usable(clustering, k)) {
                continue;
            }
            if (best == null || clustering.distortion() < best.distortion()) {
                best = clustering;
            }
        }
        if (best == null) {
            return null;
        }
        double[][] centroids = new double[k][];
        for (int c = 0; c < k; c++) {
            centroids[c] = best.center(c).clone();
        }
        return centroids;
    }

    private static boolean usable(CentroidClustering<double[], double[]> clustering, int k) {
        if (clustering.k() != k || !Double.isFinite(clustering.distortion())) {
            return false;
        }
        for (int c = 0; c < k; c++) {
            if (clustering.size(c) == 0) {
                return false;
            }
            for (double v : clustering.center(c)) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int countDistinct(double[][] points, int limit) {
        Set<List<Double>> seen = new HashSet<>();
        for (double[] point : points) {
            if (seen.add(Arrays.stream(point).boxed().toList()) && seen.size() > limit) {
                break;
            }
        }
        return seen.size();
    }

    /** A distinct, well-spread seed per (seed, k, restart) (SplitMix64 finaliser). */
    static long mix(long seed, int k, int restart) {
        long z = seed + 0x9E3779B97F4A7C15L * (1 + k * 1_000L + restart);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
