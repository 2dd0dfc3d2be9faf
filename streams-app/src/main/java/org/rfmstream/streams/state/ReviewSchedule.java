package org.rfmstream.streams.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the review schedule store: the review instant (epoch millis, big-endian with the sign bit flipped so
 * that byte order is time order) followed by the customer id. A range scan from the start up to
 * {@link #upTo(long)} yields exactly the customers due by then, earliest first, whatever the store's size.
 */
public final class ReviewSchedule {

    static final int TIME_BYTES = Long.BYTES;
    /** The schedule's values carry nothing; the key says it all (a null value would be a delete). */
    public static final byte[] NO_VALUE = new byte[0];

    private ReviewSchedule() {
    }

    public static Bytes key(long reviewAtMillis, String customerId) {
        byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(TIME_BYTES + id.length)
                .putLong(reviewAtMillis ^ Long.MIN_VALUE)
                .put(id)
                .array());
    }

    /** The smallest possible key. */
    public static Bytes first() {
        return Bytes.wrap(ByteBuffer.allocate(TIME_BYTES).putLong(Long.MIN_VALUE ^ Long.MIN_VALUE).array());
    }

    /** A lower bound for every entry due at or after {@code reviewAtMillis}: the bare time prefix of that instant. */
    public static Bytes from(long reviewAtMillis) {
        return Bytes.wrap(ByteBuffer.allocate(TIME_BYTES).putLong(reviewAtMillis ^ Long.MIN_VALUE).array());
    }

    /**
     * An inclusive upper bound for every entry due at or before {@code nowMillis}: the bare time prefix of the next
     * millisecond sorts after every key of this one and before every key of the next.
     */
    public static Bytes upTo(long nowMillis) {
        return Bytes.wrap(ByteBuffer.allocate(TIME_BYTES).putLong((nowMillis + 1) ^ Long.MIN_VALUE).array());
    }

    public static long reviewAtMillis(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE;
    }

    public static String customerId(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, TIME_BYTES, bytes.length - TIME_BYTES, StandardCharsets.UTF_8);
    }
}
