package org.rfmstream.trainer.value;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.value.BgNbd;
import org.rfmstream.schemas.value.GammaGamma;
import org.rfmstream.schemas.value.ValueScorer;
import org.rfmstream.trainer.model.CustomerFeatures;
import org.rfmstream.trainer.model.SegmentTrainer;

/**
 * Fits the customer value models on a training run's customers, exactly as the papers define them:
 *
 * <ul>
 *   <li>BG/NBD on every customer with a purchase: x = frequency - 1 repeat purchases, t_x = last - first purchase,
 *       T = asOf - first purchase, in the chosen time unit; the likelihood is equation (6) of Fader, Hardie and Lee
 *       (2005).</li>
 *   <li>Gamma-Gamma on the customers with x > 0 and a positive mean repeat order value
 *       zbar = (monetary - first order) / x; the likelihood is that of Fader and Hardie (2013).</li>
 * </ul>
 *
 * Above {@code sampleSize} customers the fit uses a seeded uniform sample (the customers with the smallest seeded
 * hash of their id, so the sample does not depend on the order they were read in). Customers are summed in that
 * hash order too: the same snapshot gives the same parameters to the last bit.
 */
public final class ValueFitter {

    /**
     * @param timeUnit           {@code days} or {@code weeks}
     * @param sampleSize         the most customers fitted (a seeded sample above it)
     * @param minCustomers       fewer customers with purchases give no value models
     * @param minRepeatCustomers fewer customers with repeat orders give no value models
     * @param starts             optimiser starts per model
     */
    public record Options(String timeUnit, int sampleSize, int minCustomers, int minRepeatCustomers, long seed,
                          int starts) {

        public static final String DEFAULT_TIME_UNIT = ValueScorer.TimeUnits.WEEKS;
        public static final int DEFAULT_SAMPLE_SIZE = 250_000;
        public static final int DEFAULT_MIN_CUSTOMERS = 200;
        public static final int DEFAULT_MIN_REPEAT_CUSTOMERS = 100;
        public static final int DEFAULT_STARTS = 3;

        public Options {
            ValueScorer.TimeUnits.millis(timeUnit);
            if (sampleSize < 10 || minCustomers < 10 || minRepeatCustomers < 10 || starts < 1) {
                throw new IllegalArgumentException("value fit sizes must be at least 10 and starts at least 1");
            }
        }

        public static Options defaults(long seed) {
            return new Options(DEFAULT_TIME_UNIT, DEFAULT_SAMPLE_SIZE, DEFAULT_MIN_CUSTOMERS,
                    DEFAULT_MIN_REPEAT_CUSTOMERS, seed, DEFAULT_STARTS);
        }
    }

    /**
     * What a fit gave: the value block, or null and the reason there is none.
     *
     * @param customers the customers of the run that could be used (a purchase, a known first purchase, not after
     *                  asOf)
     */
    public record Result(SegmentModel.Value value, String failure, long customers, int evaluations, Duration took) {

        public boolean fitted() {
            return value != null;
        }

        public String render() {
            if (value == null) {
                return String.format(Locale.ROOT, "value models: none (%s) after %d ms%n", failure, took.toMillis());
            }
            return String.format(Locale.ROOT, "value models (%s, %d of %d customers, %d with repeat orders, %d "
                            + "evaluations, %d ms):%n  BG/NBD r=%.4g alpha=%.4g a=%.4g b=%.4g LL=%.2f%n"
                            + "  Gamma-Gamma p=%.4g q=%.4g gamma=%.4g LL=%.2f%n"
                            + "  repeat purchases expected %.1f, actual %d; mean order value expected %.2f, "
                            + "observed %.2f%n",
                    value.timeUnit(), value.customersFitted(), customers, value.repeatCustomersFitted(), evaluations,
                    took.toMillis(), value.r(), value.alpha(), value.a(), value.b(), value.bgnbdLogLikelihood(),
                    value.p(), value.q(), value.gamma(), value.gammaGammaLogLikelihood(),
                    value.calibration().expectedRepeatPurchases(), value.calibration().actualRepeatPurchases(),
                    value.calibration().expectedOrderValue(), value.calibration().observedOrderValue());
        }
    }

    /** The BG/NBD at its maximum likelihood. */
    public record BgNbdFit(BgNbd model, double logLikelihood, int evaluations) {
    }

    /** The Gamma-Gamma at its maximum likelihood. */
    public record GammaGammaFit(GammaGamma model, double logLikelihood, int evaluations) {
    }

    private final Options options;

    public ValueFitter(Options options) {
        this.options = options;
    }

    /** Never throws for bad data: a fit that fails or is degenerate is a result without a value block. */
    public Result fit(Collection<CustomerFeatures> customers, Instant asOf) {
        long started = System.nanoTime();
        double unit = ValueScorer.TimeUnits.millis(options.timeUnit());
        long asOfMillis = asOf.toEpochMilli();
        // the usable customers, in seeded-hash order; the sample is a prefix of it
        long[] keys = new long[customers.size()];
        CustomerFeatures[] usable = new CustomerFeatures[customers.size()];
        int n = 0;
        for (CustomerFeatures customer : customers) {
            if (customer.firstPurchase() != null && !customer.lastPurchase().isAfter(asOf)
                    && !customer.firstPurchase().isAfter(customer.lastPurchase())) {
                usable[n] = customer;
                keys[n++] = SegmentTrainer.sampleKey(options.seed(), customer.customerId());
            }
        }
        if (n < options.minCustomers()) {
            return failed(n, 0, started, "too few customers with a known first purchase: " + n + " (at least "
                    + options.minCustomers() + ")");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] k = keys;
        CustomerFeatures[] u = usable;
        Arrays.sort(order, (i, j) -> k[i] != k[j] ? Long.compare(k[i], k[j])
                : u[i].customerId().compareTo(u[j].customerId()));
        int size = Math.min(n, options.sampleSize());
        long[] x = new long[size];
        double[] tx = new double[size];
        double[] t = new double[size];
        long[] repeatX = new long[size];
        double[] zbar = new double[size];
        int repeat = 0;
        for (int s = 0; s < size; s++) {
            CustomerFeatures c = usable[order[s]];
            long first = c.firstPurchase().toEpochMilli();
            x[s] = c.frequency() - 1;
            tx[s] = (c.lastPurchase().toEpochMilli() - first) / unit;
            t[s] = (asOfMillis - first) / unit;
            if (x[s] > 0 && c.firstOrderCents() >= 0) {
                double mean = (c.monetaryCents() - c.firstOrderCents()) / 100.0 / x[s];
                if (mean > 0) {
                    repeatX[repeat] = x[s];
                    zbar[repeat++] = mean;
                }
            }
        }
        if (repeat < options.minRepeatCustomers()) {
            return failed(n, 0, started, "too few customers with repeat orders: " + repeat + " (at least "
                    + options.minRepeatCustomers() + ")");
        }
        int evaluations = 0;
        try {
            BgNbdFit bg = fitBgNbd(x, tx, t, options.seed(), options.starts());
            evaluations += bg.evaluations();
            GammaGammaFit gg = fitGammaGamma(Arrays.copyOf(repeatX, repeat), Arrays.copyOf(zbar, repeat),
                    options.seed(), options.starts());
            evaluations += gg.evaluations();
            if (!(gg.model().q() > 1)) {
                return failed(n, evaluations, started, "degenerate Gamma-Gamma fit: q = " + gg.model().q()
                        + " (at most 1, so the mean order value would be infinite)");
            }
            double expected = 0;
            long actual = 0;
            for (int s = 0; s < size; s++) {
                expected += bg.model().expectedPurchases(t[s]);
                actual += x[s];
            }
            double observedMean = 0;
            for (int s = 0; s < repeat; s++) {
                observedMean += zbar[s];
            }
            observedMean /= repeat;
            if (!Double.isFinite(expected)) {
                return failed(n, evaluations, started, "the fitted BG/NBD gives no finite expected purchases");
            }
            BgNbd b = bg.model();
            GammaGamma g = gg.model();
            SegmentModel.Value value = new SegmentModel.Value(options.timeUnit(), b.r(), b.alpha(), b.a(), b.b(),
                    g.p(), g.q(), g.gamma(), bg.logLikelihood(), gg.logLikelihood(), size, repeat,
                    new SegmentModel.Calibration(expected, actual, g.populationMean(), observedMean));
            return new Result(value, null, n, evaluations, since(started));
        } catch (FitException | ArithmeticException | IllegalArgumentException e) {
            return failed(n, evaluations, started, "the fit failed: " + e.getMessage());
        }
    }

    /** The BG/NBD by maximum likelihood on (x, t_x, T) in any one time unit. */
    public static BgNbdFit fitBgNbd(long[] x, double[] tx, double[] t, long seed, int starts) {
        BgNbdLikelihood likelihood = new BgNbdLikelihood(x, tx, t);
        double meanX = Arrays.stream(x).average().orElse(0);
        double meanT = Arrays.stream(t).average().orElse(1);
        // a rate of about mean(x) / mean(T) purchases per unit, and dropout after about every other purchase
        double alpha = Math.max(1e-3, meanT / Math.max(meanX, 0.1));
        double[][] initial = {{1, alpha, 1, 1}, {0.5, alpha / 2, 0.8, 2.5}};
        MaximumLikelihood.Maximum maximum = MaximumLikelihood.maximise(new String[] {"r", "alpha", "a", "b"},
                p -> likelihood.evaluate(p[0], p[1], p[2], p[3]), initial, starts, seed);
        double[] p = maximum.parameters();
        return new BgNbdFit(new BgNbd(p[0], p[1], p[2], p[3]), maximum.logLikelihood(), maximum.evaluations());
    }

    /** The Gamma-Gamma by maximum likelihood on the repeat customers' (x, zbar). */
    public static GammaGammaFit fitGammaGamma(long[] x, double[] zbar, long seed, int starts) {
        GammaGammaLikelihood likelihood = new GammaGammaLikelihood(x, zbar);
        double mean = Arrays.stream(zbar).average().orElse(1);
        // p gamma / (q - 1) = the observed mean at the start
        double[][] initial = {{1, 2, mean}, {5, 4, 0.6 * mean}};
        MaximumLikelihood.Maximum maximum = MaximumLikelihood.maximise(new String[] {"p", "q", "gamma"},
                p -> likelihood.evaluate(p[0], p[1], p[2]), initial, starts, seed);
        double[] p = maximum.parameters();
        return new GammaGammaFit(new GammaGamma(p[0], p[1], p[2]), maximum.logLikelihood(), maximum.evaluations());
    }

    private static Result failed(long customers, int evaluations, long started, String reason) {
        return new Result(null, reason, customers, evaluations, since(started));
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
