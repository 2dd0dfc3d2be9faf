package org.rfmstream.streams.query;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code GET /api/concentration}: how revenue (monetary) is spread over the customers with a purchase, across all
 * instances, from each task's log-bucketed spend histogram.
 *
 * @param bucketRatio the ratio between a spend bucket's upper and lower bound
 * @param top         the share of revenue of the top 1, 10, 20 and 50 % of customers
 * @param curve       the share of revenue of the top p of customers for p = 0, 0.01, ..., 1 (the Pareto curve; the
 *                    Lorenz curve is {@code 1 - revenueShare} at {@code 1 - customerShare})
 * @param headline    the sentence for people, e.g. "The top 20 % of customers bring 61.2 % of revenue."
 */
public record ConcentrationView(long customers, BigDecimal revenue, int instances, double bucketRatio,
                                List<Share> top, List<Share> curve, String headline) {

    /**
     * @param maxError the most the true revenue share can differ from {@code revenueShare}: only the bucket the cut
     *                 falls into is uncertain, and its customers' spends lie within its bounds
     */
    public record Share(double customerShare, double revenueShare, double maxError) {
    }
}
