package org.rfmstream.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the segment membership index: segment id, a 0 byte, customer id. A prefix scan lists one segment's
 * customers in id order (so pages resume "after" a customer id) without touching any other customer. The index
 * is written only when a customer's segment changes, which is rare next to events.
 */
public final class SegmentMembers {

    public static final byte[] NO_VALUE = new byte[0];
    private static final byte SEPARATOR = 0;

    private SegmentMembers() {
    }

    public static Bytes key(String segment, String customerId) {
        byte[] s = segment.getBytes(StandardCharsets.UTF_8);
        byte[] c = customerId.getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(s, s.length + 1 + c.length);
        key[s.length] = SEPARATOR;
        System.arraycopy(c, 0, key, s.length + 1, c.length);
        return Bytes.wrap(key);
    }

    /** The prefix shared by every key of the segment. */
    public static Bytes prefix(String segment) {
        byte[] s = segment.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = Arrays.copyOf(s, s.length + 1);
        prefix[s.length] = SEPARATOR;
        return Bytes.wrap(prefix);
    }

    /** An inclusive upper bound above every key of the segment (the separator byte plus one). */
    public static Bytes upperBound(String segment) {
        byte[] bound = prefix(segment).get();
        bound[bound.length - 1] = SEPARATOR + 1;
        return Bytes.wrap(bound);
    }

    public static String customerId(Bytes key) {
        byte[] bytes = key.get();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == SEPARATOR) {
                return new String(bytes, i + 1, bytes.length - i - 1, StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("not a segment membership key");
    }
}
