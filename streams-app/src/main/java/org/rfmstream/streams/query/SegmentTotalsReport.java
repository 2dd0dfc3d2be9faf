package org.rfmstream.streams.query;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One instance's answer at {@code /internal/segments/totals}: its local sums per segment id, over the partitions
 * it could read.
 */
public record SegmentTotalsReport(String instance, Map<String, SegmentTotals> totals, SortedSet<Integer> partitions) {

    public SegmentTotalsReport {
        partitions = partitions == null ? new TreeSet<>() : new TreeSet<>(partitions);
    }
}
