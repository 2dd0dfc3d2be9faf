package org.rfmstream.schemas.value;

import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;

/**
 * How a reader turns the value models into a customer's figures.
 *
 * @param horizonDays         the horizon H of expected orders and predicted CLV, in days
 * @param margin              the share of spend that is profit, in (0, 1]; 1 makes the CLV a revenue figure
 * @param monthlyDiscountRate the monthly rate future spend is discounted at, in [0, 1); 0 discounts nothing
 */
public record ValueSettings(int horizonDays, double margin, double monthlyDiscountRate) {

    public static final int DEFAULT_HORIZON_DAYS = 90;
    public static final int MAX_HORIZON_DAYS = 3650;
    public static final String VALUE_HORIZON_DAYS = "VALUE_HORIZON_DAYS";
    public static final String VALUE_MARGIN = "VALUE_MARGIN";
    public static final String VALUE_MONTHLY_DISCOUNT_RATE = "VALUE_MONTHLY_DISCOUNT_RATE";

    public ValueSettings {
        if (horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS) {
            throw new IllegalArgumentException("the value horizon must be 1.." + MAX_HORIZON_DAYS + " days, is "
                    + horizonDays);
        }
        if (!(margin > 0 && margin <= 1)) {
            throw new IllegalArgumentException("the margin must be in (0, 1], is " + margin);
        }
        if (!(monthlyDiscountRate >= 0 && monthlyDiscountRate < 1)) {
            throw new IllegalArgumentException("the monthly discount rate must be in [0, 1), is "
                    + monthlyDiscountRate);
        }
    }

    /**
     * {@code VALUE_HORIZON_DAYS} (default 90), {@code VALUE_MARGIN} (default 1: CLV as revenue) and
     * {@code VALUE_MONTHLY_DISCOUNT_RATE} (default 0), the same for every program that evaluates customers.
     */
    public static ValueSettings from(Settings settings) {
        try {
            return new ValueSettings(settings.integer(VALUE_HORIZON_DAYS, DEFAULT_HORIZON_DAYS),
                    settings.decimal(VALUE_MARGIN, 1), settings.decimal(VALUE_MONTHLY_DISCOUNT_RATE, 0));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value settings: " + e.getMessage() + ".");
        }
    }

    public static ValueSettings defaults() {
        return new ValueSettings(DEFAULT_HORIZON_DAYS, 1, 0);
    }
}
