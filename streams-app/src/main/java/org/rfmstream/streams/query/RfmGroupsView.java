package org.rfmstream.streams.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.rfmstream.schemas.RfmScoring;

/**
 * {@code GET /api/rfm-groups}: the RFM grid's eleven groups across all instances at {@code asOf}, best first.
 *
 * @param modelVersion      the model whose edges scored the customers
 * @param consistent        false while instances still use the edges of different models (a model is being adopted)
 * @param uncertainRecency  customers whose R score (hence maybe group) depends on the time of day of their last
 *                          purchase: the most customers any group's count can be off by
 * @param grid              customers per cell, {@code grid[r-1][fm-1]} with FM = round-half-up((F+M)/2): the grid
 *                          the groups are drawn on
 * @param recencyFrequency  customers per {@code [r-1][f-1]}: the marketer's recency-by-frequency grid
 */
public record RfmGroupsView(Long modelVersion, Instant asOf, RfmScoring.Edges edges, long totalCustomers,
                            BigDecimal totalRevenue, int instances, boolean consistent, long uncertainRecency,
                            List<GroupStatistics> groups, long[][] grid, long[][] recencyFrequency) {

    /**
     * @param meanR the mean R score of the group's customers (likewise meanF, meanM)
     */
    public record GroupStatistics(String id, String name, String action, long customers, double customerShare,
                                  BigDecimal revenue, double revenueShare, double meanRecencyDays,
                                  double meanFrequency, BigDecimal meanMonetary, double meanR, double meanF,
                                  double meanM) {
    }
}
