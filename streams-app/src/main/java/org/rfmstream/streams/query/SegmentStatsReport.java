package org.rfmstream.streams.query;

import java.util.Map;
import org.rfmstream.streams.state.SegmentStats;

/** One instance's answer at {@code /internal/segments/totals}: its local sums per segment id. */
public record SegmentStatsReport(String instance, Map<String, SegmentStats> stats) {
}
