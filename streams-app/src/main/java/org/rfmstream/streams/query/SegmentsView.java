package org.rfmstream.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/segments}: every segment of the current model (in the model's order), then any other
 * group still present in the state (customers not assigned yet, or under a previous model's segment).
 *
 * @param instances how many instances contributed their totals
 * @param missingPartitions the partitions whose customers are not counted, because no instance could read them
 *                  right now (restoring, moving, or on an instance that is down); empty when complete
 * @param valueAsOf the instant the value figures (meanChurnRisk, predictedClv) were evaluated at: the oldest of
 *                  the instances' last background scans; absent without value models
 * @param churnRiskDistribution customers per tenth of churn risk at {@code valueAsOf}, across all instances;
 *                  absent without value models
 */
public record SegmentsView(Long modelVersion, Instant asOf, long totalCustomers, BigDecimal totalRevenue,
                           int instances, List<SegmentStatistics> segments, List<Integer> missingPartitions,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Instant valueAsOf,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<ChurnRiskBin> churnRiskDistribution) {

    /** The customers whose churn risk is at least {@code from} and below {@code to} (the last bin includes 1). */
    public record ChurnRiskBin(double from, double to, long customers) {
    }

    /**
     * @param inModel       false for a group that is not a segment of the current model
     * @param customerShare this segment's fraction of all customers, 0..1
     * @param revenueShare  this segment's fraction of all revenue (monetary), 0..1
     * @param meanChurnRisk the mean churn risk of the segment's customers at {@code valueAsOf}; absent without
     *                      value models
     * @param predictedClv  the total predicted CLV of the segment's customers at {@code valueAsOf}; absent without
     *                      value models
     */
    public record SegmentStatistics(String id, String name, String action, boolean inModel, long customers,
                                    double customerShare, double meanRecencyDays, double meanFrequency,
                                    BigDecimal meanMonetary, BigDecimal revenue, double revenueShare,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) Double meanChurnRisk,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal predictedClv) {
    }
}
