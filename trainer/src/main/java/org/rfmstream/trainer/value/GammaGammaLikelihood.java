package org.rfmstream.trainer.value;

import org.hipparchus.special.Gamma;
import org.rfmstream.schemas.value.GammaGamma;

/**
 * The Gamma-Gamma log-likelihood of the repeat customers, summed: {@link GammaGamma#logLikelihood} with the terms
 * that depend only on x computed once per distinct x.
 */
final class GammaGammaLikelihood {

    private final int n;
    private final double[] zbar;
    private final double[] logZbar;
    private final int[] group;
    private final long[] xs;
    private final long[] counts;
    private final double sumLogZbar;

    /** @param x repeat orders (all above 0), {@code zbar} the mean of those orders (all above 0) */
    GammaGammaLikelihood(long[] x, double[] zbar) {
        this.n = x.length;
        this.zbar = zbar;
        this.logZbar = new double[n];
        this.group = new int[n];
        java.util.TreeMap<Long, Integer> index = new java.util.TreeMap<>();
        for (long value : x) {
            index.putIfAbsent(value, 0);
        }
        xs = new long[index.size()];
        int g = 0;
        for (var entry : index.entrySet()) {
            xs[g] = entry.getKey();
            entry.setValue(g++);
        }
        counts = new long[xs.length];
        double logs = 0;
        for (int i = 0; i < n; i++) {
            group[i] = index.get(x[i]);
            counts[group[i]]++;
            logZbar[i] = Math.log(zbar[i]);
            logs += logZbar[i];
        }
        sumLogZbar = logs;
    }

    int customers() {
        return n;
    }

    double evaluate(double p, double q, double gamma) {
        double sum = n * (q * Math.log(gamma) - Gamma.logGamma(q)) - sumLogZbar;
        double[] px = new double[xs.length];
        for (int g = 0; g < xs.length; g++) {
            long x = xs[g];
            px[g] = p * x;
            sum += counts[g] * (Gamma.logGamma(px[g] + q) - Gamma.logGamma(px[g]) + px[g] * Math.log(x));
        }
        for (int i = 0; i < n; i++) {
            int g = group[i];
            sum += px[g] * logZbar[i] - (px[g] + q) * Math.log(gamma + xs[g] * zbar[i]);
        }
        return sum;
    }
}
