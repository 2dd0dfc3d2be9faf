package org.rfmstream.streams.query;

import java.util.Map;
import org.rfmstream.streams.state.SegmentStats;

/**
 * One instance's answer at {@code /internal/segments/totals}: its local sums per segment id, and its last value
 * scan (null without value models or before the first scan).
 */
public record SegmentStatsReport(String instance, Map<String, SegmentStats> stats, SegmentValueReport values) {

    public SegmentStatsReport(String instance, Map<String, SegmentStats> stats) {
        this(instance, stats, null);
    }
}
