package org.rfmstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A customer's RFM figures and current segment, the value of the compacted {@code customer-profiles} topic.
 * Recency is never stored: it is derived at an instant with {@link #recencyDays(Instant)}.
 *
 * @param frequency    number of distinct purchase events
 * @param monetary     purchases minus refunds, never below zero, 2 decimals
 * @param refunded     total money refunded, 2 decimals
 * @param segment      the segment id, null until a model has assigned one
 * @param nextReviewAt when growing recency alone moves the customer to another segment; null if never
 * @param firstOrderAmount the amount of the first purchase, 2 decimals, so that the mean of the repeat orders
 *                         follows ((monetary - firstOrderAmount) / (frequency - 1)); null when unknown (profiles
 *                         written before it was kept, or a customer with only refunds)
 */
public record CustomerProfile(
        String customerId,
        Instant firstPurchase,
        Instant lastPurchase,
        long frequency,
        BigDecimal monetary,
        BigDecimal refunded,
        String segment,
        Instant segmentSince,
        Long modelVersion,
        Instant nextReviewAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal firstOrderAmount) {

    /** A profile without the first order's amount. */
    public CustomerProfile(String customerId, Instant firstPurchase, Instant lastPurchase, long frequency,
                           BigDecimal monetary, BigDecimal refunded, String segment, Instant segmentSince,
                           Long modelVersion, Instant nextReviewAt, Instant updatedAt) {
        this(customerId, firstPurchase, lastPurchase, frequency, monetary, refunded, segment, segmentSince,
                modelVersion, nextReviewAt, updatedAt, null);
    }

    /** {@code floor((asOf - lastPurchase) / 1 day)}, never negative; 0 for a customer without purchases. */
    public long recencyDays(Instant asOf) {
        return Rfm.recencyDays(lastPurchase, asOf);
    }

    public Rfm rfm(Instant asOf) {
        return new Rfm(recencyDays(asOf), frequency, monetary);
    }
}
