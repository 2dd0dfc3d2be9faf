package org.rfmstream.streams.query;

import java.util.Map;

/**
 * One instance's answer at {@code /internal/segments/totals}: its local sums per segment id, and its last value
 * scan (null without value models or before the first scan).
 */
public record SegmentTotalsReport(String instance, Map<String, SegmentTotals> totals, SegmentValueReport values) {

    public SegmentTotalsReport(String instance, Map<String, SegmentTotals> totals) {
        this(instance, totals, null);
    }
}
