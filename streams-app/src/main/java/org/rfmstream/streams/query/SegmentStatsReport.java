package org.rfmstream.streams.query;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.rfmstream.streams.state.SegmentStats;

/**
 * One instance's answer at {@code /internal/segments/totals}: its local sums per segment id over the partitions it
 * could read, and its last value scan (null without value models or before the first scan).
 */
public record SegmentStatsReport(String instance, Map<String, SegmentStats> stats, SegmentValueReport values,
                                 SortedSet<Integer> partitions) {

    public SegmentStatsReport {
        partitions = partitions == null ? new TreeSet<>() : new TreeSet<>(partitions);
    }
}
