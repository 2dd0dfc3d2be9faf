package org.rfmstream.streams.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/segments}: every segment of the current model (in the model's order), then any other
 * group still present in the state (customers not assigned yet, or under a previous model's segment).
 *
 * @param instances         how many instances contributed their totals
 * @param missingPartitions the partitions whose customers are not counted, because no instance could read them
 *                          right now (restoring, moving, or on an instance that is down); empty when complete
 */
public record SegmentsView(Long modelVersion, Instant asOf, long totalCustomers, BigDecimal totalRevenue,
                           int instances, List<SegmentStatistics> segments, List<Integer> missingPartitions) {

    /**
     * @param inModel       false for a group that is not a segment of the current model
     * @param customerShare this segment's fraction of all customers, 0..1
     * @param revenueShare  this segment's fraction of all revenue (monetary), 0..1
     */
    public record SegmentStatistics(String id, String name, String action, boolean inModel, long customers,
                                    double customerShare, double meanRecencyDays, double meanFrequency,
                                    BigDecimal meanMonetary, BigDecimal revenue, double revenueShare) {
    }
}
