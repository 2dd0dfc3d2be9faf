package org.rfmstream.streams.query;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.rfmstream.schemas.CustomerProfile;

/**
 * One instance's answer at {@code /internal/segments/{id}/customers}: its local page, sorted by id, over the
 * partitions it could read; {@code complete} is false when one of its active partitions could not be read.
 */
public record SegmentPageReport(String instance, List<CustomerProfile> customers, SortedSet<Integer> partitions,
                                boolean complete) {

    public SegmentPageReport {
        partitions = partitions == null ? new TreeSet<>() : new TreeSet<>(partitions);
    }

    /** A page over all of the instance's partitions. */
    public SegmentPageReport(String instance, List<CustomerProfile> customers) {
        this(instance, customers, new TreeSet<>(), true);
    }
}
