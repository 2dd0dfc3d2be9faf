package org.rfmstream.streams.query;

import java.time.Instant;
import java.util.Map;

/**
 * One instance's value figures per segment id, computed by its last scan of its active customers.
 *
 * @param asOf         the instant the figures were evaluated at (the scan's "now")
 * @param modelVersion the model whose value block was used
 * @param scanMillis   how long the scan took
 * @param churnRiskBins customers per tenth of churn risk: [0, 0.1), [0.1, 0.2), ..., [0.9, 1]
 */
public record SegmentValueReport(Instant asOf, long modelVersion, Map<String, SegmentValue> segments,
                                 long scanMillis, long[] churnRiskBins) {

    public static final int BINS = 10;

    /** The bin of a churn risk in [0, 1]. */
    public static int bin(double churnRisk) {
        return Math.max(0, Math.min(BINS - 1, (int) Math.floor(churnRisk * BINS)));
    }
}
