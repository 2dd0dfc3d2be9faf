package org.rfmstream.schemas;

import java.time.Instant;

/**
 * The value of {@code segment-changes}: one record per actual change of a customer's segment.
 *
 * @param previousSegment null on a first assignment
 * @param eventId         the transaction that caused it; null for INACTIVITY and MODEL_UPDATE
 * @param rfm             the figures at {@code at}
 */
public record SegmentChange(
        String customerId,
        String previousSegment,
        String segment,
        ChangeReason reason,
        Instant at,
        long modelVersion,
        String eventId,
        Rfm rfm) {
}
