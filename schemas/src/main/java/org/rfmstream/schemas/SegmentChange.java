package org.rfmstream.schemas;

import java.time.Instant;

/**
 * The value of {@code segment-changes}: one record per actual change of a customer's segment.
 *
 * @param previousSegment null on a first assignment
 * @param segment         null only for {@link ChangeReason#ERASURE}: the customer is in no segment any more
 * @param eventId         the transaction that caused it; null for INACTIVITY, MODEL_UPDATE and ERASURE
 * @param rfm             the figures at {@code at}; null for ERASURE, which carries nothing about the person
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

    /** The change that takes an erased customer out of {@code previousSegment}, and so out of every audience. */
    public static SegmentChange erasure(String customerId, String previousSegment, Instant at, long modelVersion) {
        return new SegmentChange(customerId, previousSegment, null, ChangeReason.ERASURE, at, modelVersion, null, null);
    }
}
