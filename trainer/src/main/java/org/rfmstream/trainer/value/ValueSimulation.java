package org.rfmstream.trainer.value;

import org.hipparchus.random.RandomDataGenerator;
import org.rfmstream.schemas.value.BgNbd;
import org.rfmstream.schemas.value.GammaGamma;

/**
 * Customers drawn from the models' own generative processes, for parameter recovery tests and benchmarks.
 *
 * <p>BG/NBD: each customer has λ ~ Gamma(r, rate α) and p ~ Beta(a, b); from the first purchase at time 0, repeat
 * purchases arrive at rate λ, and after each repeat purchase the customer drops out with probability p (the paper's
 * assumption: the first purchase is never followed by dropout). The customer is observed until T.
 * Gamma-Gamma: ν ~ Gamma(q, rate γ) per customer and each repeat order's value ~ Gamma(p, rate ν); zbar is the mean
 * of the repeat orders.
 */
public final class ValueSimulation {

    /** One simulated customer's summary, in the time unit of the parameters. */
    public record Customers(long[] x, double[] tx, double[] t, double[] zbar) {
    }

    private ValueSimulation() {
    }

    /**
     * @param minT the shortest observation period; each customer's T is uniform in [minT, maxT]
     */
    public static Customers draw(BgNbd purchases, GammaGamma spend, int customers, double minT, double maxT,
                                 long seed) {
        RandomDataGenerator random = new RandomDataGenerator(seed);
        long[] x = new long[customers];
        double[] tx = new double[customers];
        double[] t = new double[customers];
        double[] zbar = new double[customers];
        for (int i = 0; i < customers; i++) {
            double lambda = random.nextGamma(purchases.r(), 1 / purchases.alpha());
            double p = random.nextBeta(purchases.a(), purchases.b());
            double nu = random.nextGamma(spend.q(), 1 / spend.gamma());
            double horizon = minT + (maxT - minT) * random.nextDouble();
            double now = 0;
            long count = 0;
            double last = 0;
            double spent = 0;
            while (true) {
                now += random.nextExponential(1 / lambda);
                if (now > horizon) {
                    break;
                }
                count++;
                last = now;
                spent += random.nextGamma(spend.p(), 1 / nu);
                if (random.nextDouble() < p) {
                    break;
                }
            }
            x[i] = count;
            tx[i] = last;
            t[i] = horizon;
            zbar[i] = count == 0 ? 0 : spent / count;
        }
        return new Customers(x, tx, t, zbar);
    }
}
