package org.rfmstream.streams.query;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A local answer and the partitions it covers: an instance leaves out the partitions it cannot read right now
 * (restoring, moving), and the instance that adds the answers up names what nobody covered.
 */
public record Covered<T>(T value, SortedSet<Integer> partitions) {

    public Covered {
        partitions = new TreeSet<>(partitions);
    }
}
