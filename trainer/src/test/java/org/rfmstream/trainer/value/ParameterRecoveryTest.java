package org.rfmstream.trainer.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.value.BgNbd;
import org.rfmstream.schemas.value.GammaGamma;

/**
 * Parameter recovery: 20,000 customers drawn from the BG/NBD and Gamma-Gamma generative processes with known
 * parameters, fitted back.
 *
 * <p>The tolerance is the estimate's own sampling error: each fitted log-parameter must lie within 4 standard
 * errors of the true one, the standard errors coming from the observed information (the numerical Hessian of the
 * log-likelihood at the maximum, in log-parameters). A correct maximum-likelihood fit misses that by chance with
 * probability about 6e-5 per parameter; a wrong likelihood, a wrong x/t_x/T convention or a stuck optimiser misses
 * it by many standard errors at this size. As a plain-language floor every parameter is also within 25 % of the
 * truth (the largest standard error here is about 8 %).
 */
class ParameterRecoveryTest {

    private static final int CUSTOMERS = 20_000;
    private static final BgNbd PURCHASES = new BgNbd(0.75, 6.0, 0.9, 3.0);
    private static final GammaGamma SPEND = new GammaGamma(4.0, 5.0, 60.0);
    private static final ValueSimulation.Customers DATA =
            ValueSimulation.draw(PURCHASES, SPEND, CUSTOMERS, 26, 104, 7);

    @Test
    void bgNbdParametersAreRecovered() {
        ValueFitter.BgNbdFit fit = ValueFitter.fitBgNbd(DATA.x(), DATA.tx(), DATA.t(), 42, 3);
        BgNbdLikelihood likelihood = new BgNbdLikelihood(DATA.x(), DATA.tx(), DATA.t());
        double[] fitted = {fit.model().r(), fit.model().alpha(), fit.model().a(), fit.model().b()};
        double[] truth = {PURCHASES.r(), PURCHASES.alpha(), PURCHASES.a(), PURCHASES.b()};
        assertRecovered(fitted, truth, p -> likelihood.evaluate(p[0], p[1], p[2], p[3]));
    }

    @Test
    void gammaGammaParametersAreRecovered() {
        int repeat = (int) Arrays.stream(DATA.x()).filter(x -> x > 0).count();
        assertThat(repeat).as("customers with repeat orders").isGreaterThan(10_000);
        long[] x = new long[repeat];
        double[] zbar = new double[repeat];
        for (int i = 0, j = 0; i < CUSTOMERS; i++) {
            if (DATA.x()[i] > 0) {
                x[j] = DATA.x()[i];
                zbar[j++] = DATA.zbar()[i];
            }
        }
        ValueFitter.GammaGammaFit fit = ValueFitter.fitGammaGamma(x, zbar, 42, 3);
        GammaGammaLikelihood likelihood = new GammaGammaLikelihood(x, zbar);
        double[] fitted = {fit.model().p(), fit.model().q(), fit.model().gamma()};
        double[] truth = {SPEND.p(), SPEND.q(), SPEND.gamma()};
        assertRecovered(fitted, truth, p -> likelihood.evaluate(p[0], p[1], p[2]));
    }

    private static void assertRecovered(double[] fitted, double[] truth, ToDoubleFunction<double[]> logLikelihood) {
        double[] standardErrors = logStandardErrors(fitted, logLikelihood);
        for (int d = 0; d < fitted.length; d++) {
            double miss = Math.abs(Math.log(fitted[d]) - Math.log(truth[d]));
            assertThat(miss).as("parameter %d: fitted %s, true %s, SE of its log %s", d, fitted[d], truth[d],
                    standardErrors[d]).isLessThanOrEqualTo(4 * standardErrors[d]);
            assertThat(Math.abs(fitted[d] / truth[d] - 1)).as("relative error of parameter %d", d)
                    .isLessThan(0.25);
        }
    }

    /** Standard errors of the log-parameters from the inverse of the numerical observed information. */
    private static double[] logStandardErrors(double[] parameters, ToDoubleFunction<double[]> logLikelihood) {
        int n = parameters.length;
        double h = 1e-3;
        double[] center = new double[n];
        for (int d = 0; d < n; d++) {
            center[d] = Math.log(parameters[d]);
        }
        ToDoubleFunction<double[]> inLogs = logs -> {
            double[] p = new double[n];
            for (int d = 0; d < n; d++) {
                p[d] = Math.exp(logs[d]);
            }
            return logLikelihood.applyAsDouble(p);
        };
        double[][] hessian = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double value = (at(inLogs, center, i, h, j, h) - at(inLogs, center, i, h, j, -h)
                        - at(inLogs, center, i, -h, j, h) + at(inLogs, center, i, -h, j, -h)) / (4 * h * h);
                hessian[i][j] = -value;
                hessian[j][i] = -value;
            }
        }
        RealMatrix covariance = MatrixUtils.inverse(MatrixUtils.createRealMatrix(hessian));
        double[] errors = new double[n];
        for (int d = 0; d < n; d++) {
            errors[d] = Math.sqrt(covariance.getEntry(d, d));
        }
        return errors;
    }

    private static double at(ToDoubleFunction<double[]> f, double[] center, int i, double di, int j, double dj) {
        double[] point = center.clone();
        point[i] += di;
        point[j] += dj;
        return f.applyAsDouble(point);
    }
}
