package org.rfmstream.streams.query;

import java.time.Instant;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;

/**
 * Sums over a set of customers of one segment, from which the segment's means follow in O(1) at any instant.
 * Money is in cents and times in epoch seconds, all exact integers, so sums never drift and can be
 * subtracted again when a profile changes: keep {@code totals.minus(of(old)).plus(of(updated))}.
 *
 * @param customers               how many customers
 * @param frequencySum            sum of their purchase counts
 * @param monetaryCents           sum of their monetary values (the segment's revenue), in cents
 * @param lastPurchaseCount       how many of them have a last purchase (the others have only refunds)
 * @param lastPurchaseEpochSecond sum of those last purchases in epoch seconds; mean recency at {@code asOf}
 *                                is {@code asOf - lastPurchaseEpochSecond / lastPurchaseCount}
 */
public record SegmentTotals(long customers, long frequencySum, long monetaryCents, long lastPurchaseCount,
                            long lastPurchaseEpochSecond) {

    /** The key of customers that no model has assigned yet. */
    public static final String UNASSIGNED = "unassigned";

    public static final SegmentTotals EMPTY = new SegmentTotals(0, 0, 0, 0, 0);

    private static final double SECONDS_PER_DAY = 86_400.0;

    /** One customer's contribution. */
    public static SegmentTotals of(CustomerProfile profile) {
        Instant last = profile.lastPurchase();
        return new SegmentTotals(1, profile.frequency(),
                profile.monetary() == null ? 0 : Money.toCents(profile.monetary()),
                last == null ? 0 : 1,
                last == null ? 0 : last.getEpochSecond());
    }

    /** The key under which a profile is counted: its segment, or {@link #UNASSIGNED}. */
    public static String keyOf(CustomerProfile profile) {
        return profile.segment() == null ? UNASSIGNED : profile.segment();
    }

    public SegmentTotals plus(SegmentTotals other) {
        return new SegmentTotals(
                Math.addExact(customers, other.customers),
                Math.addExact(frequencySum, other.frequencySum),
                Math.addExact(monetaryCents, other.monetaryCents),
                Math.addExact(lastPurchaseCount, other.lastPurchaseCount),
                Math.addExact(lastPurchaseEpochSecond, other.lastPurchaseEpochSecond));
    }

    public SegmentTotals minus(SegmentTotals other) {
        return new SegmentTotals(
                Math.subtractExact(customers, other.customers),
                Math.subtractExact(frequencySum, other.frequencySum),
                Math.subtractExact(monetaryCents, other.monetaryCents),
                Math.subtractExact(lastPurchaseCount, other.lastPurchaseCount),
                Math.subtractExact(lastPurchaseEpochSecond, other.lastPurchaseEpochSecond));
    }

    public boolean isEmpty() {
        return customers == 0;
    }

    /**
     * The mean of the customers' exact (not day-floored) recency at the instant, in days; 0 without purchases.
     */
    public double meanRecencyDays(Instant asOf) {
        if (lastPurchaseCount == 0) {
            return 0;
        }
        double meanLastPurchase = (double) lastPurchaseEpochSecond / lastPurchaseCount;
        return Math.max(0, (asOf.getEpochSecond() - meanLastPurchase) / SECONDS_PER_DAY);
    }

    public double meanFrequency() {
        return customers == 0 ? 0 : (double) frequencySum / customers;
    }
}
