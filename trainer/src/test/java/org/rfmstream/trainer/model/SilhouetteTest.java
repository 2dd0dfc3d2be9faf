package org.rfmstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SilhouetteTest {

    @Test
    void equalsTheTextbookDefinitionComputedPairByPair() {
        Random random = new Random(3);
        int n = 120;
        double[][] points = new double[n][3];
        for (double[] p : points) {
            for (int d = 0; d < 3; d++) {
                p[d] = random.nextGaussian();
            }
        }
        int[] clusters = {2, 3, 5};
        int[][] labels = new int[clusters.length][n];
        for (int c = 0; c < clusters.length; c++) {
            for (int i = 0; i < n; i++) {
                // a singleton cluster and an empty one show up too
                labels[c][i] = i == 0 ? clusters[c] - 1 : random.nextInt(Math.max(1, clusters[c] - 2));
            }
        }

        double[] scores = Silhouette.scores(points, labels, clusters);

        for (int c = 0; c < clusters.length; c++) {
            assertThat(scores[c]).isCloseTo(textbook(points, labels[c]), within(1e-12));
        }
    }

    @Test
    void separatedClustersScoreCloseToOne() {
        double[][] points = {{0, 0, 0}, {0, 0, 0.1}, {10, 10, 10}, {10, 10, 10.1}};
        double score = Silhouette.scores(points, new int[][] {{0, 0, 1, 1}}, new int[] {2})[0];
        assertThat(score).isCloseTo(textbook(points, new int[] {0, 0, 1, 1}), within(1e-12)).isGreaterThan(0.99);
    }

    /** s(i) = (b - a) / max(a, b); 0 for a point alone in its cluster; mean over all points. */
    private static double textbook(double[][] points, int[] label) {
        int n = points.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double ownSum = 0;
            int ownCount = 0;
            java.util.Map<Integer, double[]> others = new java.util.TreeMap<>();
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double d = Math.sqrt(Math.pow(points[i][0] - points[j][0], 2) + Math.pow(points[i][1] - points[j][1], 2)
                        + Math.pow(points[i][2] - points[j][2], 2));
                if (label[j] == label[i]) {
                    ownSum += d;
                    ownCount++;
                } else {
                    double[] sumAndCount = others.computeIfAbsent(label[j], x -> new double[2]);
                    sumAndCount[0] += d;
                    sumAndCount[1]++;
                }
            }
            if (ownCount == 0 || others.isEmpty()) {
                continue;
            }
            double a = ownSum / ownCount;
            double b = others.values().stream().mapToDouble(v -> v[0] / v[1]).min().orElseThrow();
            total += (b - a) / Math.max(a, b);
        }
        return total / n;
    }
}
