package org.rfmstream.schemas.value;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.SegmentModel;

/**
 * A customer's predicted value from a model's {@code value} block, at an instant: the one place that turns a
 * profile into x, t_x, T and zbar, so the HTTP answer, the segment aggregates, scoring and the export agree.
 *
 * <ul>
 *   <li>x = frequency - 1 repeat purchases; t_x = last - first purchase; T = asOf - first purchase, in the model's
 *       time unit (T is never below t_x).</li>
 *   <li>zbar, the mean repeat order value, = (monetary - first order amount) / x. Monetary is net of refunds, so
 *       refunds lower it; below zero it counts as zero. Profiles written before the first order amount was kept
 *       use monetary / frequency, the mean of all their orders.</li>
 * </ul>
 */
public final class ValueScorer {

    private static final double MILLIS_PER_DAY = 86_400_000.0;
    private static final int DAYS_PER_MONTH = 30;

    private final SegmentModel.Value value;
    private final BgNbd bgNbd;
    private final GammaGamma gammaGamma;
    private final double millisPerUnit;
    private final ValueSettings settings;

    private ValueScorer(SegmentModel.Value value, ValueSettings settings) {
        this.value = value;
        this.bgNbd = new BgNbd(value.r(), value.alpha(), value.a(), value.b());
        this.gammaGamma = new GammaGamma(value.p(), value.q(), value.gamma());
        this.millisPerUnit = TimeUnits.millis(value.timeUnit());
        this.settings = settings;
    }

    /**
     * @throws IllegalArgumentException naming the problem when the block cannot be used (unknown time unit, a
     *                                  parameter that is not finite and positive, q <= 1)
     */
    public static ValueScorer of(SegmentModel.Value value, ValueSettings settings) {
        if (value == null) {
            throw new IllegalArgumentException("the model has no value block");
        }
        if (!(value.q() > 1)) {
            throw new IllegalArgumentException("Gamma-Gamma q must be above 1 for a finite mean order value, is "
                    + value.q());
        }
        return new ValueScorer(value, settings);
    }

    public SegmentModel.Value value() {
        return value;
    }

    public ValueSettings settings() {
        return settings;
    }

    public BgNbd bgNbd() {
        return bgNbd;
    }

    public GammaGamma gammaGamma() {
        return gammaGamma;
    }

    /** The profile's value at the instant; null for a customer without purchases. */
    public CustomerValue evaluate(CustomerProfile profile, Instant asOf) {
        if (profile.frequency() < 1 || profile.firstPurchase() == null || profile.lastPurchase() == null) {
            return null;
        }
        return evaluate(profile.firstPurchase().toEpochMilli(), profile.lastPurchase().toEpochMilli(),
                profile.frequency(), profile.monetary() == null ? 0 : Money.toCents(profile.monetary()),
                profile.firstOrderAmount() == null ? -1 : Money.toCents(profile.firstOrderAmount()),
                asOf.toEpochMilli());
    }

    /**
     * @param firstOrderCents the first order's amount in cents, or a negative number when unknown
     */
    public CustomerValue evaluate(long firstPurchaseMillis, long lastPurchaseMillis, long frequency,
                                  long monetaryCents, long firstOrderCents, long asOfMillis) {
        long x = frequency - 1;
        double tx = Math.max(0, lastPurchaseMillis - firstPurchaseMillis) / millisPerUnit;
        double t = Math.max(tx, (asOfMillis - firstPurchaseMillis) / millisPerUnit);
        double zbar = x == 0 ? 0
                : firstOrderCents >= 0 ? (monetaryCents - firstOrderCents) / 100.0 / x
                : monetaryCents / 100.0 / frequency;
        return evaluate(x, tx, t, zbar, asOfMillis);
    }

    /**
     * A hypothetical customer for {@code POST /api/score}: first purchase {@code ageDays} ago, last purchase
     * {@code recencyDays} ago, {@code frequency} orders worth {@code monetary} in all. Without the first order's
     * amount, zbar is the mean of all the orders.
     */
    public CustomerValue evaluateHypothetical(double ageDays, double recencyDays, double frequency, double monetary,
                                              Instant asOf) {
        long orders = Math.max(1, Math.round(frequency));
        long x = orders - 1;
        double unitsPerDay = MILLIS_PER_DAY / millisPerUnit;
        double t = ageDays * unitsPerDay;
        double tx = Math.max(0, ageDays - recencyDays) * unitsPerDay;
        return evaluate(x, tx, t, x == 0 ? 0 : monetary / orders, asOf.toEpochMilli());
    }

    private CustomerValue evaluate(long x, double tx, double t, double zbar, long asOfMillis) {
        double pAlive = bgNbd.pAlive(x, tx, t);
        double horizon = settings.horizonDays() * MILLIS_PER_DAY / millisPerUnit;
        double expectedOrders = bgNbd.expectedPurchases(x, tx, t, horizon);
        double orderValue = gammaGamma.expectedOrderValue(x, zbar);
        double discountedOrders = settings.monthlyDiscountRate() == 0 ? expectedOrders
                : discountedPurchases(x, tx, t);
        double clv = discountedOrders * orderValue * settings.margin();
        double wait = bgNbd.medianWaitGivenAlive(x, t) * millisPerUnit;
        Instant next = Instant.ofEpochMilli(asOfMillis + (long) Math.min(wait, 1e15));
        return new CustomerValue(pAlive, 1 - pAlive, expectedOrders, settings.horizonDays(), money(orderValue),
                money(clv), next, null);
    }

    /** The expected purchases of each month of the horizon, each discounted to the instant at its month's end. */
    private double discountedPurchases(long x, double tx, double t) {
        double unitsPerDay = MILLIS_PER_DAY / millisPerUnit;
        double sum = 0;
        double before = 0;
        double factor = 1;
        for (int end = DAYS_PER_MONTH, month = 1; ; end += DAYS_PER_MONTH, month++) {
            int day = Math.min(end, settings.horizonDays());
            double upTo = bgNbd.expectedPurchases(x, tx, t, day * unitsPerDay);
            factor /= 1 + settings.monthlyDiscountRate();
            sum += (upTo - before) * factor;
            before = upTo;
            if (day == settings.horizonDays()) {
                return sum;
            }
        }
    }

    /** P(alive) at each of the days after the instant, if the customer buys nothing more. */
    public List<CustomerValue.DecayPoint> pAliveDecay(CustomerProfile profile, Instant asOf, int[] days) {
        List<CustomerValue.DecayPoint> points = new ArrayList<>(days.length);
        if (profile.frequency() < 1 || profile.firstPurchase() == null || profile.lastPurchase() == null) {
            return points;
        }
        long first = profile.firstPurchase().toEpochMilli();
        double tx = Math.max(0, profile.lastPurchase().toEpochMilli() - first) / millisPerUnit;
        double t = Math.max(tx, (asOf.toEpochMilli() - first) / millisPerUnit);
        for (int day : days) {
            points.add(new CustomerValue.DecayPoint(day,
                    bgNbd.pAlive(profile.frequency() - 1, tx, t + day * MILLIS_PER_DAY / millisPerUnit)));
        }
        return points;
    }

    private static BigDecimal money(double amount) {
        if (!Double.isFinite(amount)) {
            throw new ArithmeticException("a value figure is not finite: " + amount);
        }
        return BigDecimal.valueOf(amount).setScale(Money.SCALE, RoundingMode.HALF_UP);
    }

    /** The time units a value block may be fitted in. */
    public static final class TimeUnits {
        public static final String DAYS = "days";
        public static final String WEEKS = "weeks";

        private TimeUnits() {
        }

        /** @throws IllegalArgumentException for anything but days or weeks */
        public static double millis(String unit) {
            if (unit == null) {
                throw new IllegalArgumentException("the value block has no time unit");
            }
            return switch (unit.toLowerCase(Locale.ROOT)) {
                case DAYS -> MILLIS_PER_DAY;
                case WEEKS -> 7 * MILLIS_PER_DAY;
                default -> throw new IllegalArgumentException("unknown time unit '" + unit + "' (days or weeks)");
            };
        }
    }
}
