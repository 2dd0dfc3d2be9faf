package org.rfmstream.schemas.value;

import org.hipparchus.special.Gamma;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005), "Counting your customers the easy way": while alive a customer
 * buys at a Poisson rate λ ~ Gamma(r, α); after every purchase they drop out with probability p ~ Beta(a, b).
 * A customer's history is x repeat purchases (purchases after the first), the last at t_x, observed until T, both
 * counted from the first purchase, in the model's time unit.
 *
 * <p>The formulas are the paper's, numbered as there. The conditional expectation (10) is evaluated after Euler's
 * transformation {@code 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z)}, an exact identity that turns
 * {@code ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)} into {@code (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)}:
 * the upper parameters no longer grow with x, so the series neither overflows nor slows down for heavy buyers.
 */
public record BgNbd(double r, double alpha, double a, double b) {

    public BgNbd {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || !Double.isFinite(r + alpha + a + b)) {
            throw new IllegalArgumentException("BG/NBD parameters must be finite and positive: r=" + r + ", alpha="
                    + alpha + ", a=" + a + ", b=" + b);
        }
    }

    /** The log of the likelihood (6) of one customer's (x, t_x, T). */
    public double logLikelihood(long x, double tx, double t) {
        double a1 = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
        double a2 = Gamma.logGamma(a + b) + Gamma.logGamma(b + x) - Gamma.logGamma(b) - Gamma.logGamma(a + b + x);
        double a3 = -(r + x) * Math.log(alpha + t);
        if (x == 0) {
            return a1 + a2 + a3;
        }
        double a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
        return a1 + a2 + logSumExp(a3, a4);
    }

    /**
     * P(alive | x, t_x, T): {@code 1 / (1 + [x > 0] a/(b+x-1) ((α+T)/(α+t_x))^(r+x))}. A customer without repeat
     * purchases is alive with probability 1 in this model (they have had no chance to drop out yet).
     */
    public double pAlive(long x, double tx, double t) {
        if (x == 0) {
            return 1;
        }
        return 1 / (1 + deadToAliveOdds(x, tx, t));
    }

    /** E[X(t)], the expected purchases in (0, t] of a new customer (7). */
    public double expectedPurchases(double t) {
        return growth(0, 0, t);
    }

    /** E[Y(t) | x, t_x, T], the expected purchases in (T, T + t] (10). */
    public double expectedPurchases(long x, double tx, double t, double horizon) {
        double growth = growth(x, t, horizon);
        return x == 0 ? growth : growth / (1 + deadToAliveOdds(x, tx, t));
    }

    /**
     * The median time from T to the next purchase of a customer who is alive at T. Given alive at T, the
     * purchase rate's posterior is Gamma(r + x, α + T) (the dropout draws do not depend on λ), so the waiting time
     * W is Lomax: {@code P(W > w) = ((α+T)/(α+T+w))^(r+x)}, whose median is {@code (α+T)(2^(1/(r+x)) - 1)}.
     */
    public double medianWaitGivenAlive(long x, double t) {
        return (alpha + t) * Math.expm1(Math.log(2) / (r + x));
    }

    /** {@code (a+b+x-1)/(a-1) [1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)]} with z = t/(α+T+t). */
    private double growth(long x, double t, double horizon) {
        if (horizon <= 0) {
            return 0;
        }
        if (Math.abs(a - 1) < NEAR_ONE) {
            // 0/0 at a = 1: the expression is smooth in a, so take the mean of its values on either side
            return (growth(a - NEAR_ONE, x, t, horizon) + growth(a + NEAR_ONE, x, t, horizon)) / 2;
        }
        return growth(a, x, t, horizon);
    }

    private static final double NEAR_ONE = 1e-6;

    private double growth(double a, long x, double t, double horizon) {
        double c = a + b + x - 1;
        double logOneMinusZ = Math.log(alpha + t) - Math.log(alpha + t + horizon);
        double z = horizon / (alpha + t + horizon);
        double f = Hypergeometric.hyp2f1(a + b - 1 - r, a - 1, c, z);
        // 1 - (1-z)^(a-1) f, without cancellation when the horizon is short
        double oneMinusG = f > 0 ? -Math.expm1(Math.log(f) + (a - 1) * logOneMinusZ)
                : 1 - Math.exp((a - 1) * logOneMinusZ) * f;
        return c / (a - 1) * oneMinusG;
    }

    private double deadToAliveOdds(long x, double tx, double t) {
        return Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + t) - Math.log(alpha + tx)));
    }

    private static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        return max + Math.log(Math.exp(u - max) + Math.exp(v - max));
    }
}
