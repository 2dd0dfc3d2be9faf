package org.rfmstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianMixtureEmTest {

    /**
     * Reference: scikit-learn 1.2.1 (Debian 12 python3-sklearn), computed once with
     * <pre>
     * GaussianMixture(n_components=3, covariance_type='full', tol=1e-6, reg_covar=1e-6, max_iter=200,
     *     weights_init=[1/3]*3, means_init=[[-1,0,0],[1,0,0],[0,-1,0]], precisions_init=[eye(3)]*3).fit(X)
     * </pre>
     * on the 90 points of {@link #points()} (the same formula in Python): weights 1/3 each, the means below,
     * lower_bound_ -0.07883967622707855 after 6 iterations.
     */
    @Test
    void convergesWhereScikitLearnDoesFromTheSameStart() {
        double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        GaussianMixtureEm mixture = GaussianMixtureEm.fitFrom(points(), new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0},
                new double[][] {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}}, new double[][][] {identity, identity, identity});

        double[][] expectedMeans = {
                {-1.9999733694690391, 9.1751620439264772e-04, 1.3748071035335525},
                {2.0192680224387112, 1.0015567699506962, -7.9489845063669476e-02},
                {1.0281716333575471e-02, -1.9985361495360139, -1.2945468262622735}};
        for (int c = 0; c < 3; c++) {
            assertThat(mixture.weights[c]).isCloseTo(1 / 3.0, within(1e-9));
            for (int d = 0; d < 3; d++) {
                assertThat(mixture.means[c][d]).isCloseTo(expectedMeans[c][d], within(1e-7));
            }
        }
        assertThat(mixture.meanLogLikelihood).isCloseTo(-0.07883967622707855, within(1e-6));
        assertThat(mixture.component(new double[] {2, 1, 0})).isEqualTo(1);
    }

    @Test
    void startingFromCentroidsFindsTheSameComponents() {
        GaussianMixtureEm mixture = GaussianMixtureEm.fit(points(),
                new double[][] {{-2, 0, 1}, {2, 1, 0}, {0, -2, -1}});
        assertThat(mixture.means[0][0]).isCloseTo(-1.9999733694690391, within(1e-6));
        assertThat(mixture.means[2][1]).isCloseTo(-1.9985361495360139, within(1e-6));
    }

    @Test
    void choleskyFactorsASymmetricPositiveDefiniteMatrix() {
        double[][] l = GaussianMixtureEm.cholesky(new double[][] {{4, 2, 0}, {2, 5, 1}, {0, 1, 2}});
        assertThat(l[0]).containsExactly(2, 0, 0);
        assertThat(l[1][0]).isEqualTo(1);
        assertThat(l[1][1]).isEqualTo(2);
        assertThat(l[2][1]).isEqualTo(0.5);
        assertThat(l[2][2]).isCloseTo(Math.sqrt(1.75), within(1e-15));
    }

    /** 30 points around each of three centres, from a formula so Python can make the same ones. */
    static double[][] points() {
        double[][] centres = {{-2, 0, 1}, {2, 1, 0}, {0, -2, -1}};
        double[][] points = new double[90][];
        for (int i = 0; i < 90; i++) {
            double[] c = centres[i % 3];
            points[i] = new double[] {c[0] + 0.6 * Math.sin(1.3 * i), c[1] + 0.5 * Math.cos(0.7 * i),
                    c[2] + 0.4 * Math.sin(2.1 * i + 1)};
        }
        return points;
    }
}
