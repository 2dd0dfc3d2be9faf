package org.rfmstream.schemas.value;

import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma model of spend per order (Fader, Hardie and Lee 2005, "RFM and CLV: using iso-value curves for
 * customer base analysis"; Fader and Hardie 2013, "The Gamma-Gamma model of monetary value"): a customer's order
 * values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers. It is fitted on the customers with x > 0 repeat
 * orders from the mean zbar of those repeat orders; the first order is left out, as in the papers.
 */
public record GammaGamma(double p, double q, double gamma) {

    public GammaGamma {
        if (!(p > 0 && q > 0 && gamma > 0) || !Double.isFinite(p + q + gamma)) {
            throw new IllegalArgumentException("Gamma-Gamma parameters must be finite and positive: p=" + p + ", q="
                    + q + ", gamma=" + gamma);
        }
    }

    /**
     * The log of the density of one customer's mean repeat order value zbar over x > 0 orders:
     * {@code Γ(px+q) / (Γ(px) Γ(q)) γ^q zbar^(px-1) x^(px) / (γ + x zbar)^(px+q)}.
     */
    public double logLikelihood(long x, double zbar) {
        double px = p * x;
        return Gamma.logGamma(px + q) - Gamma.logGamma(px) - Gamma.logGamma(q) + q * Math.log(gamma)
                + (px - 1) * Math.log(zbar) + px * Math.log(x) - (px + q) * Math.log(gamma + x * zbar);
    }

    /** The mean order value of the population, {@code pγ / (q - 1)}; infinite unless q > 1. */
    public double populationMean() {
        return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
    }

    /**
     * E[Z | x, zbar], a customer's expected order value: {@code p(γ + x zbar) / (px + q - 1)}, a weighted mean of
     * the population's mean and the customer's own. With x = 0 it is the population's mean.
     */
    public double expectedOrderValue(long x, double zbar) {
        return p * (gamma + x * Math.max(0, zbar)) / (p * x + q - 1);
    }
}
