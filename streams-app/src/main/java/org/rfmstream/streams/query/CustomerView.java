package org.rfmstream.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.schemas.value.CustomerValue;

/**
 * {@code GET /api/customers/{id}}: the stored profile, and the current model's view of the customer at
 * {@code asOf}. The stored assignment is {@code assignedSegment} (what the stream last emitted, since
 * {@code segmentSince}); {@code segment}, {@code segmentName}, {@code action}, {@code distances} and
 * {@code nextReviewAt} are evaluated at {@code asOf}, so they also answer "what will this customer be then".
 *
 * @param servedBy the instance whose state answered
 * @param stale    true when a standby copy answered because the active owner was unreachable
 * @param lag      the standby's lag in records, only when stale
 * @param rfm      the RFM scores and grid group at {@code asOf} under the current model's edges; null without them
 * @param value    the predicted value at {@code asOf} with P(alive)'s decay if the customer buys nothing more;
 *                 absent when the model has no value models
 */
public record CustomerView(
        String customerId,
        Instant firstPurchase,
        Instant lastPurchase,
        long frequency,
        BigDecimal monetary,
        BigDecimal refunded,
        String assignedSegment,
        Instant segmentSince,
        Instant updatedAt,
        Instant asOf,
        long recencyDays,
        String segment,
        String segmentName,
        String action,
        Map<String, Double> distances,
        Long modelVersion,
        Instant nextReviewAt,
        String nextReview,
        String servedBy,
        boolean stale,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long lag,
        @JsonInclude(JsonInclude.Include.NON_NULL) CustomerValue value,
        RfmScoring.Scores rfm) {
}
