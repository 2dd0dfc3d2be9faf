package org.rfmstream.streams.query;

/**
 * The log buckets of the spend histogram behind the concentration answer: bucket b holds monetary values (in cents)
 * with {@code RATIO^b ≤ cents < RATIO^(b+1)}, so the values in one bucket differ by less than 2 %; {@link #ZERO}
 * holds the customers whose purchases were all refunded.
 */
public final class SpendBuckets {

    public static final double RATIO = 1.02;
    public static final int ZERO = -1;
    private static final double LOG_RATIO = Math.log(RATIO);

    private SpendBuckets() {
    }

    public static int of(long cents) {
        if (cents <= 0) {
            return ZERO;
        }
        return (int) Math.floor(Math.log(cents) / LOG_RATIO);
    }

    /** The bucket's lower bound in cents, a hair lower so a value rounded into the bucket by log() stays inside. */
    public static double low(int bucket) {
        return bucket == ZERO ? 0 : Math.exp(bucket * LOG_RATIO) * (1 - 1e-9);
    }

    /** The bucket's upper bound in cents, a hair higher for the same reason. */
    public static double high(int bucket) {
        return bucket == ZERO ? 0 : Math.exp((bucket + 1) * LOG_RATIO) * (1 + 1e-9);
    }
}
