package org.rfmstream.ops.retail;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** What became of the rows of a retail file: how many were read, used, skipped (by reason), and the events made. */
public final class RowCounts {

    private long rowsRead;
    private long rowsUsed;
    private long purchases;
    private long refunds;
    private final EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);

    void read() {
        rowsRead++;
    }

    void used() {
        rowsUsed++;
    }

    void skip(SkipReason reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    void purchase() {
        purchases++;
    }

    void refund() {
        refunds++;
    }

    public long rowsRead() {
        return rowsRead;
    }

    public long rowsUsed() {
        return rowsUsed;
    }

    public long purchases() {
        return purchases;
    }

    public long refunds() {
        return refunds;
    }

    public long events() {
        return purchases + refunds;
    }

    public long skipped(SkipReason reason) {
        return skipped.getOrDefault(reason, 0L);
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Only the reasons that occurred, in the order of {@link SkipReason}. */
    public Map<SkipReason, Long> skippedByReason() {
        return Collections.unmodifiableMap(new EnumMap<>(skipped));
    }
}
