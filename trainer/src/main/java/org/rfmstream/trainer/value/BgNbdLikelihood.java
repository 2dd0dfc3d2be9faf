package org.rfmstream.trainer.value;

import org.hipparchus.special.Gamma;
import org.rfmstream.schemas.value.BgNbd;

/**
 * The BG/NBD log-likelihood of a set of customers, summed: equation (6) of Fader, Hardie and Lee (2005), term by
 * term as {@link BgNbd#logLikelihood}, but with the log-gamma terms computed once per distinct x (they depend on
 * nothing else), so one evaluation costs a few logarithms per customer.
 */
final class BgNbdLikelihood {

    private final int n;
    private final double[] tx;
    private final double[] t;
    private final int[] group;
    private final long[] xs;
    private final long[] counts;

    /** @param x repeat purchases, {@code tx} and {@code t} in the fit's time unit, one entry per customer */
    BgNbdLikelihood(long[] x, double[] tx, double[] t) {
        this.n = x.length;
        this.tx = tx;
        this.t = t;
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
        for (int i = 0; i < n; i++) {
            group[i] = index.get(x[i]);
            counts[group[i]]++;
        }
    }

    int customers() {
        return n;
    }

    double evaluate(double r, double alpha, double a, double b) {
        double logAlpha = Math.log(alpha);
        double sum = n * (-Gamma.logGamma(r) + r * logAlpha + Gamma.logGamma(a + b) - Gamma.logGamma(b));
        double[] rx = new double[xs.length];
        double[] logOdds = new double[xs.length];
        double logA = Math.log(a);
        for (int g = 0; g < xs.length; g++) {
            long x = xs[g];
            rx[g] = r + x;
            sum += counts[g] * (Gamma.logGamma(r + x) + Gamma.logGamma(b + x) - Gamma.logGamma(a + b + x));
            logOdds[g] = x == 0 ? Double.NEGATIVE_INFINITY : logA - Math.log(b + x - 1);
        }
        for (int i = 0; i < n; i++) {
            int g = group[i];
            double a3 = -rx[g] * Math.log(alpha + t[i]);
            if (xs[g] == 0) {
                sum += a3;
            } else {
                double a4 = logOdds[g] - rx[g] * Math.log(alpha + tx[i]);
                sum += a3 > a4 ? a3 + Math.log1p(Math.exp(a4 - a3)) : a4 + Math.log1p(Math.exp(a3 - a4));
            }
        }
        return sum;
    }
}
