package org.rfmstream.trainer.model;

import java.util.stream.IntStream;

/**
 * The exact silhouette score (Rousseeuw 1987) of one or more labelings of the same points, Euclidean distance.
 * Each pair distance is computed once and shared by every labeling, so scoring k = 2..8 costs little more than
 * scoring one. A point alone in its cluster scores 0, as does a point when only one cluster is present.
 */
final class Silhouette {

    private Silhouette() {
    }

    /**
     * @param points   the points, all of the same dimension
     * @param labels   one labeling per candidate; {@code labels[c][i]} in {@code [0, clusters[c])}
     * @param clusters the number of clusters of each candidate
     * @return the mean silhouette of each candidate
     */
    static double[] scores(double[][] points, int[][] labels, int[] clusters) {
        int n = points.length;
        int candidates = labels.length;
        int[][] clusterSizes = new int[candidates][];
        for (int c = 0; c < candidates; c++) {
            clusterSizes[c] = new int[clusters[c]];
            for (int label : labels[c]) {
                clusterSizes[c][label]++;
            }
        }
        double[][] perPoint = new double[candidates][n];
        // Each point's sums run over j in order on one thread, so the result does not depend on scheduling.
        IntStream.range(0, n).parallel().forEach(i -> {
            double[][] distanceSums = new double[candidates][];
            for (int c = 0; c < candidates; c++) {
                distanceSums[c] = new double[clusters[c]];
            }
            double[] p = points[i];
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double distance = distance(p, points[j]);
                for (int c = 0; c < candidates; c++) {
                    distanceSums[c][labels[c][j]] += distance;
                }
            }
            for (int c = 0; c < candidates; c++) {
                perPoint[c][i] = pointScore(distanceSums[c], clusterSizes[c], labels[c][i]);
            }
        });
        double[] scores = new double[candidates];
        for (int c = 0; c < candidates; c++) {
            double sum = 0;
            for (double s : perPoint[c]) {
                sum += s;
            }
            scores[c] = n == 0 ? 0 : sum / n;
        }
        return scores;
    }

    private static double pointScore(double[] distanceSums, int[] sizes, int own) {
        if (sizes[own] <= 1) {
            return 0;
        }
        double a = distanceSums[own] / (sizes[own] - 1);
        double b = Double.POSITIVE_INFINITY;
        for (int cluster = 0; cluster < sizes.length; cluster++) {
            if (cluster != own && sizes[cluster] > 0) {
                b = Math.min(b, distanceSums[cluster] / sizes[cluster]);
            }
        }
        if (b == Double.POSITIVE_INFINITY) {
            return 0;
        }
        double larger = Math.max(a, b);
        return larger == 0 ? 0 : (b - a) / larger;
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = a[d] - b[d];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }
}
