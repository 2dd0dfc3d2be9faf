package org.rfmstream.streams.query;

import java.util.Map;

/** One instance's answer at {@code /internal/segments/totals}: its local sums per segment id. */
public record SegmentTotalsReport(String instance, Map<String, SegmentTotals> totals) {
}
