package org.rfmstream.streams.query;

import java.util.List;
import java.util.Map;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.streams.state.SegmentStats;

/**
 * One instance's answer at {@code /internal/marketing/totals?asOf=}: its RFM cells evaluated at the instant and its
 * spend histogram, summed over its active partitions. A cell's {@link SegmentStats} counts every customer with a
 * purchase.
 *
 * @param edgesModelVersions the model versions whose edges the tasks' cells are kept under (more than one only while
 *                           a new model is being adopted); empty when no model gave edges
 * @param edges              the edges of the newest of those versions, or null
 * @param cells              per RFM score such as "545"
 * @param uncertainRecency   customers whose R score depends on the time of day of their last purchase
 *                           (see {@code MarketingTotals.Evaluation}); the answer's error bound in customers
 * @param spend              per spend bucket (log buckets, {@code MarketingTotals.SPEND_BUCKET_RATIO})
 */
public record MarketingTotalsReport(String instance, List<Long> edgesModelVersions, RfmScoring.Edges edges,
                                    Map<String, SegmentStats> cells, long uncertainRecency,
                                    Map<Integer, SegmentStats> spend) {

    public MarketingTotalsReport withInstance(String name) {
        return new MarketingTotalsReport(name, edgesModelVersions, edges, cells, uncertainRecency, spend);
    }
}
