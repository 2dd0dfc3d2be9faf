package org.rfmstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.SegmentModel;
import smile.validation.metric.AdjustedRandIndex;

class MethodComparisonsTest {

    /**
     * Reference values from scikit-learn 1.2.1 (Debian 12 python3-sklearn), computed once with
     * {@code sklearn.metrics.adjusted_rand_score(a, b)} on the label lists below; the 40-label case was drawn with
     * {@code numpy.random.default_rng(7).integers(0, 4 | 3, size=40)}.
     */
    @Test
    void theAdjustedRandIndexAgreesWithScikitLearn() {
        assertThat(AdjustedRandIndex.of(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 2},
                new int[] {0, 0, 1, 1, 1, 2, 2, 2, -1, -1})).isCloseTo(0.23728813559322035, within(1e-12));
        assertThat(AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0})).isCloseTo(1.0, within(1e-12));
        assertThat(AdjustedRandIndex.of(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, new int[] {0, 1, 0, 1, 0, 1, 0, 1}))
                .isCloseTo(-0.16666666666666666, within(1e-12));
        int[] x = {3, 2, 2, 3, 2, 3, 3, 0, 0, 1, 1, 3, 3, 0, 1, 3, 0, 3, 0, 1, 3, 1, 1, 1, 2, 1, 3, 1, 1, 2, 2, 2, 2,
                3, 3, 3, 2, 2, 1, 3};
        int[] y = {1, 0, 2, 0, 2, 1, 0, 0, 1, 0, 0, 1, 2, 1, 2, 2, 2, 1, 1, 1, 0, 1, 1, 0, 2, 0, 0, 0, 2, 2, 2, 0, 2,
                1, 1, 0, 1, 2, 1, 0};
        assertThat(AdjustedRandIndex.of(x, y)).isCloseTo(0.05661733007616037, within(1e-12));
    }

    @Test
    void wellSeparatedBlobsAreFoundByEveryMethodAndFarPointsAreDbscanNoise() {
        double[][] centres = {{-3, -3, 0}, {3, 0, 1}, {0, 4, -2}};
        Random random = new Random(3);
        int perBlob = 300;
        double[][] points = new double[3 * perBlob + 4][];
        int[] kMeans = new int[points.length];
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < perBlob; i++) {
                double[] c = centres[b];
                points[b * perBlob + i] = new double[] {c[0] + 0.3 * random.nextGaussian(),
                        c[1] + 0.3 * random.nextGaussian(), c[2] + 0.3 * random.nextGaussian()};
                kMeans[b * perBlob + i] = b;
            }
        }
        for (int o = 0; o < 4; o++) { // far from every blob and from each other
            points[3 * perBlob + o] = new double[] {20 + 10 * o, -20, 15};
            kMeans[3 * perBlob + o] = o % 3;
        }

        List<SegmentModel.MethodComparison> results = MethodComparisons.compare(points, kMeans, centres);

        SegmentModel.MethodComparison mixture = results.get(0);
        assertThat(mixture.method()).isEqualTo("gaussian-mixture");
        assertThat(mixture.clusters()).isEqualTo(3);
        assertThat(mixture.noiseShare()).isZero();
        assertThat(mixture.adjustedRandIndex()).isGreaterThan(0.98);
        assertThat(mixture.sizes().stream().mapToLong(Long::longValue).sum()).isEqualTo(points.length);

        SegmentModel.MethodComparison dbscan = results.get(1);
        assertThat(dbscan.method()).isEqualTo("dbscan");
        assertThat(dbscan.clusters()).isEqualTo(3);
        assertThat(dbscan.parameters()).containsEntry("minPts", 6);
        assertThat((double) dbscan.parameters().get("radius")).isBetween(0.05, 1.0);
        // the far points are noise, and so are a few points at the blobs' rims (the knee radius is tight)
        assertThat(dbscan.noiseShare()).isBetween(4.0 / points.length, 0.1);
        assertThat(dbscan.silhouette()).isGreaterThan(0.8);
        assertThat(dbscan.adjustedRandIndex()).isGreaterThan(0.8);
        assertThat(dbscan.sizes().stream().mapToLong(Long::longValue).sum() + Math.round(dbscan.noiseShare()
                * points.length)).isEqualTo(points.length);
    }

    @Test
    void theKneeRadiusFollowsTheDataNotAConstant() {
        double[][] tight = grid(0.1);
        double[][] wide = grid(1.0);
        double tightRadius = MethodComparisons.kneeRadius(tight, MethodComparisons.MIN_POINTS);
        double wideRadius = MethodComparisons.kneeRadius(wide, MethodComparisons.MIN_POINTS);
        // scaling the data by 10 scales the chosen radius by 10
        assertThat(wideRadius).isCloseTo(10 * tightRadius, within(1e-9));
        assertThat(tightRadius).isGreaterThan(0);
    }

    private static double[][] grid(double step) {
        Random random = new Random(9);
        double[][] points = new double[500][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {step * (i % 10) + step * 0.01 * random.nextInt(5), step * ((i / 10) % 10),
                    step * (i / 100)};
        }
        return points;
    }
}
