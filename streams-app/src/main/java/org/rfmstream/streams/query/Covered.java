package org.rfmstream.streams.query;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A local answer and the partitions it covers: an instance leaves out the partitions it cannot read right now
 * (restoring, moving), and the instance that adds the answers up names what nobody covered. {@code complete} is
 * false when one of this instance's own active partitions was left out (an export must not skip it silently).
 */
public record Covered<T>(T value, SortedSet<Integer> partitions, boolean complete) {

    public Covered {
        partitions = new TreeSet<>(partitions);
    }

    public Covered(T value, SortedSet<Integer> partitions) {
        this(value, partitions, true);
    }
}
