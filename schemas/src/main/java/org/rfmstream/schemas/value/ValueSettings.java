package org.rfmstream.schemas.value;

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

    public static ValueSettings defaults() {
        return new ValueSettings(DEFAULT_HORIZON_DAYS, 1, 0);
    }
}
