package org.rfmstream.streams.state;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;

/**
 * The sums over the customers of one segment, from which the segment's means follow in O(1) at any instant: the
 * topology keeps them per task as profiles change, each instance adds up its tasks', and the query layer adds up
 * the instances'. Money is in cents and times in epoch seconds, all exact integers (overflow is an error, never a
 * wrap), so sums never drift and a customer's old contribution can be subtracted again when its profile changes.
 * Recency moves with time, so the sum of last-purchase instants is kept instead.
 *
 * <p>Only customers with a segment are counted, and a customer gets a segment with its first purchase: every
 * customer counted has a last purchase.
 *
 * @param customers                  how many customers
 * @param frequencySum               sum of their purchase counts
 * @param monetaryCentsSum           sum of their monetary values (the segment's revenue), in cents
 * @param lastPurchaseEpochSecondSum sum of their last purchases in epoch seconds
 */
public record SegmentStats(long customers, long frequencySum, long monetaryCentsSum, long lastPurchaseEpochSecondSum) {

    public static final SegmentStats EMPTY = new SegmentStats(0, 0, 0, 0);
    private static final int FORMAT_VERSION = 1;
    private static final double SECONDS_PER_DAY = 86_400.0;

    /** One customer's contribution. */
    public static SegmentStats ofCustomer(long frequency, long monetaryCents, long lastPurchaseMillis) {
        return new SegmentStats(1, frequency, monetaryCents, Math.floorDiv(lastPurchaseMillis, 1000));
    }

    /** One customer's contribution, from its profile (which has a last purchase). */
    public static SegmentStats of(CustomerProfile profile) {
        return ofCustomer(profile.frequency(), profile.monetary() == null ? 0 : Money.toCents(profile.monetary()),
                profile.lastPurchase().toEpochMilli());
    }

    public SegmentStats plus(SegmentStats other) {
        return new SegmentStats(
                Math.addExact(customers, other.customers),
                Math.addExact(frequencySum, other.frequencySum),
                Math.addExact(monetaryCentsSum, other.monetaryCentsSum),
                Math.addExact(lastPurchaseEpochSecondSum, other.lastPurchaseEpochSecondSum));
    }

    public SegmentStats minus(SegmentStats other) {
        return new SegmentStats(
                Math.subtractExact(customers, other.customers),
                Math.subtractExact(frequencySum, other.frequencySum),
                Math.subtractExact(monetaryCentsSum, other.monetaryCentsSum),
                Math.subtractExact(lastPurchaseEpochSecondSum, other.lastPurchaseEpochSecondSum));
    }

    public boolean isEmpty() {
        return customers == 0;
    }

    /** The mean of the customers' exact (not day-floored) recency at the instant, in days; 0 without customers. */
    public double meanRecencyDays(Instant asOf) {
        if (customers == 0) {
            return 0;
        }
        double meanLastPurchase = (double) lastPurchaseEpochSecondSum / customers;
        return Math.max(0, (asOf.getEpochSecond() - meanLastPurchase) / SECONDS_PER_DAY);
    }

    public double meanFrequency() {
        return customers == 0 ? 0 : (double) frequencySum / customers;
    }

    /** The mean monetary value, rounded half up to the cent; 0 without customers. */
    public BigDecimal meanMonetary() {
        return customers == 0 ? Money.ZERO
                : BigDecimal.valueOf(monetaryCentsSum)
                        .divide(BigDecimal.valueOf(customers), 0, RoundingMode.HALF_UP)
                        .movePointLeft(Money.SCALE);
    }

    public BigDecimal revenue() {
        return Money.fromCents(monetaryCentsSum);
    }

    public static Serde<SegmentStats> serde() {
        return SERDE;
    }

    private static final Serde<SegmentStats> SERDE = org.apache.kafka.common.serialization.Serdes.serdeFrom(
            (Serializer<SegmentStats>) (topic, stats) -> stats == null ? null : new BinaryWriter(32)
                    .writeByte(FORMAT_VERSION)
                    .writeSigned(stats.customers)
                    .writeSigned(stats.frequencySum)
                    .writeSigned(stats.monetaryCentsSum)
                    .writeSigned(stats.lastPurchaseEpochSecondSum)
                    .toByteArray(),
            (Deserializer<SegmentStats>) (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                BinaryReader reader = new BinaryReader(bytes);
                int version = reader.readByte();
                if (version != FORMAT_VERSION) {
                    throw new SerializationException("unknown SegmentStats format version " + version);
                }
                return new SegmentStats(reader.readSigned(), reader.readSigned(), reader.readSigned(),
                        reader.readSigned());
            });
}
