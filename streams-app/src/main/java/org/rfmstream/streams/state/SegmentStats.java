package org.rfmstream.streams.state;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The running totals of one segment's customers on one task, kept as profiles change so that segment statistics
 * cost O(segments) to answer. Recency moves with time, so the total of last-purchase instants (epoch seconds) is
 * kept instead. The HTTP layer reads them as {@link org.rfmstream.streams.query.SegmentTotals}, which derives the
 * means at the instant asked.
 *
 * <p>Totals from several tasks add up with {@link #plus}.
 */
public record SegmentStats(long customers, long frequencySum, long monetaryCentsSum, long lastPurchaseEpochSecondSum) {

    public static final SegmentStats EMPTY = new SegmentStats(0, 0, 0, 0);
    private static final int FORMAT_VERSION = 1;

    /** One customer's contribution. */
    public static SegmentStats ofCustomer(long frequency, long monetaryCents, long lastPurchaseMillis) {
        return new SegmentStats(1, frequency, monetaryCents, Math.floorDiv(lastPurchaseMillis, 1000));
    }

    public SegmentStats plus(SegmentStats other) {
        return new SegmentStats(customers + other.customers, frequencySum + other.frequencySum,
                monetaryCentsSum + other.monetaryCentsSum,
                lastPurchaseEpochSecondSum + other.lastPurchaseEpochSecondSum);
    }

    public SegmentStats minus(SegmentStats other) {
        return new SegmentStats(customers - other.customers, frequencySum - other.frequencySum,
                monetaryCentsSum - other.monetaryCentsSum,
                lastPurchaseEpochSecondSum - other.lastPurchaseEpochSecondSum);
    }

    public boolean isEmpty() {
        return customers == 0;
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
