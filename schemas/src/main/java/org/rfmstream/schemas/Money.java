package org.rfmstream.schemas;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money is a {@link BigDecimal} with 2 decimals, rounded half-up; it never passes through a double sum. */
public final class Money {

    public static final int SCALE = 2;
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private Money() {
    }

    public static BigDecimal round(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_UP);
    }

    /** Money in whole minor units (cents), for compact state. */
    public static long toCents(BigDecimal amount) {
        return round(amount).movePointRight(SCALE).longValueExact();
    }

    public static BigDecimal fromCents(long cents) {
        return BigDecimal.valueOf(cents, SCALE);
    }
}
