package org.rfmstream.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rfmstream.schemas.SegmentModel;
import smile.clustering.Clustering;
import smile.clustering.DBSCAN;
import smile.neighbor.KDTree;
import smile.neighbor.Neighbor;
import smile.validation.metric.AdjustedRandIndex;

/**
 * Fits two other clustering methods on the same scaled sample as k-means, so a person can judge how much the
 * published (k-means) segments depend on the method: a Gaussian mixture with as many components as k-means chose
 * (full covariances, {@link GaussianMixtureEm}, each point to its most probable component) and Smile's DBSCAN.
 *
 * <p>DBSCAN's parameters follow a written rule, never the demo data: {@code minPts = 2 × dimensions = 6}
 * (Sander et al. 1998) and the radius at the knee of the sorted k-distance curve (each point's distance to its
 * {@code minPts}-th nearest other point, Ester et al. 1996): after normalising both axes to [0, 1], the point
 * furthest below the diagonal (the "kneedle" rule, Satopää et al. 2011). The top 0.5 % of k-distances are left
 * out of the normalisation so that a few far outliers do not flatten the curve.
 *
 * <p>Agreement with k-means is the adjusted Rand index (Hubert and Arabie 1985; Smile's implementation, checked
 * against scikit-learn's values in the tests), DBSCAN's noise counting as one more label.
 */
final class MethodComparisons {

    static final String GAUSSIAN_MIXTURE = "gaussian-mixture";
    static final String DBSCAN_METHOD = "dbscan";
    static final int MIN_POINTS = 6;
    private static final double KNEE_QUANTILE = 0.995;

    private MethodComparisons() {
    }

    /**
     * @param points       the scaled sample (the prefix of the canonical order)
     * @param kMeansLabels the k-means segment of each point
     * @param centroids    the k-means centroids
     */
    static List<SegmentModel.MethodComparison> compare(double[][] points, int[] kMeansLabels, double[][] centroids) {
        List<SegmentModel.MethodComparison> results = new ArrayList<>();
        results.add(gaussianMixture(points, kMeansLabels, centroids));
        results.add(dbscan(points, kMeansLabels));
        return results;
    }

    private static SegmentModel.MethodComparison gaussianMixture(double[][] points, int[] kMeansLabels,
                                                                 double[][] centroids) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("components", centroids.length);
        parameters.put("covariance", "full");
        parameters.put("rule", "as many components as k-means segments, started from the k-means centroids");
        GaussianMixtureEm mixture;
        try {
            mixture = GaussianMixtureEm.fit(points, centroids);
        } catch (ArithmeticException e) {
            return new SegmentModel.MethodComparison(GAUSSIAN_MIXTURE, parameters, 0, List.of(), null, 0, 0,
                    points.length, "did not converge: " + e.getMessage());
        }
        parameters.put("iterations", mixture.iterations);
        parameters.put("meanLogLikelihood", mixture.meanLogLikelihood);
        int[] labels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            labels[i] = mixture.component(points[i]);
        }
        return summary(GAUSSIAN_MIXTURE, parameters, points, labels, kMeansLabels, null);
    }

    private static SegmentModel.MethodComparison dbscan(double[][] points, int[] kMeansLabels) {
        double radius = kneeRadius(points, MIN_POINTS);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("minPts", MIN_POINTS);
        parameters.put("radius", radius);
        parameters.put("rule", "minPts = 2 x dimensions; radius at the knee of the sorted " + MIN_POINTS
                + "-distance curve");
        if (!(radius > 0)) {
            return new SegmentModel.MethodComparison(DBSCAN_METHOD, parameters, 0, List.of(), null, 0, 0,
                    points.length, "no positive k-distance: too few distinct points");
        }
        DBSCAN<double[]> fit = DBSCAN.fit(points, MIN_POINTS, radius);
        int[] labels = fit.group().clone();
        return summary(DBSCAN_METHOD, parameters, points, labels, kMeansLabels, Clustering.OUTLIER);
    }

    /** The radius at the knee of the sorted k-distance curve (see the class comment). */
    static double kneeRadius(double[][] points, int minPoints) {
        int n = points.length;
        if (n <= minPoints) {
            return 0;
        }
        KDTree<double[]> tree = KDTree.of(points);
        double[] kDistances = new double[n];
        for (int i = 0; i < n; i++) {
            // the tree skips the query point itself (same array), so these are the nearest other points
            Neighbor<double[], double[]>[] neighbours = tree.search(points[i], minPoints);
            double furthest = 0;
            for (Neighbor<double[], double[]> neighbour : neighbours) {
                furthest = Math.max(furthest, neighbour.distance());
            }
            kDistances[i] = furthest;
        }
        Arrays.sort(kDistances);
        int last = Math.max(1, (int) Math.floor(KNEE_QUANTILE * (n - 1)));
        double low = kDistances[0];
        double high = kDistances[last];
        if (!(high > low)) {
            return high;
        }
        int knee = last;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= last; i++) {
            double x = (double) i / last;
            double y = (kDistances[i] - low) / (high - low);
            if (x - y > best) {
                best = x - y;
                knee = i;
            }
        }
        return kDistances[knee];
    }

    /**
     * @param noise the label of points in no cluster, or null when every point is in a cluster
     */
    private static SegmentModel.MethodComparison summary(String method, Map<String, Object> parameters,
                                                         double[][] points, int[] labels, int[] kMeansLabels,
                                                         Integer noise) {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        long noisy = 0;
        for (int label : labels) {
            if (noise != null && label == noise) {
                noisy++;
            } else {
                counts.merge(label, 1L, Long::sum);
            }
        }
        List<Long> sizes = counts.values().stream().sorted(Comparator.reverseOrder()).toList();
        int clusters = counts.size();
        // ARI over every point, noise being one more label (DBSCAN's OUTLIER value is a distinct int already)
        double ari = AdjustedRandIndex.of(kMeansLabels, labels);
        Double silhouette = null;
        if (clusters >= 2) {
            // over the clustered points only, with labels renumbered 0..clusters-1
            Map<Integer, Integer> dense = new LinkedHashMap<>();
            counts.keySet().forEach(label -> dense.put(label, dense.size()));
            int kept = (int) (labels.length - noisy);
            double[][] clustered = new double[kept][];
            int[] denseLabels = new int[kept];
            int j = 0;
            for (int i = 0; i < labels.length; i++) {
                if (noise == null || labels[i] != noise) {
                    clustered[j] = points[i];
                    denseLabels[j++] = dense.get(labels[i]);
                }
            }
            silhouette = Silhouette.scores(clustered, new int[][] {denseLabels}, new int[] {clusters})[0];
        }
        double noiseShare = labels.length == 0 ? 0 : (double) noisy / labels.length;
        return new SegmentModel.MethodComparison(method, parameters, clusters, sizes, silhouette, noiseShare, ari,
                points.length, null);
    }
}
