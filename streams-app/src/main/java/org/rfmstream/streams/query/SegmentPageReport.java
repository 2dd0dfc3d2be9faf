package org.rfmstream.streams.query;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.rfmstream.schemas.CustomerProfile;

/**
 * One instance's answer at {@code /internal/segments/{id}/customers}: its local page, sorted by id, over the
 * partitions it could read.
 */
public record SegmentPageReport(String instance, List<CustomerProfile> customers, SortedSet<Integer> partitions) {

    public SegmentPageReport {
        partitions = partitions == null ? new TreeSet<>() : new TreeSet<>(partitions);
    }
}
