package org.rfmstream.schemas;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** Recency in whole days, frequency in purchases, monetary in money: the three features of the model. */
public record Rfm(long recencyDays, long frequency, BigDecimal monetary) {

    public static final Duration DAY = Duration.ofDays(1);

    /** {@code floor((asOf - lastPurchase) / 1 day)}, clamped at 0 (an event slightly in the future is "today"). */
    public static long recencyDays(Instant lastPurchase, Instant asOf) {
        if (lastPurchase == null || asOf == null) {
            return 0;
        }
        long millis = asOf.toEpochMilli() - lastPurchase.toEpochMilli();
        return millis <= 0 ? 0 : Math.floorDiv(millis, DAY.toMillis());
    }
}
