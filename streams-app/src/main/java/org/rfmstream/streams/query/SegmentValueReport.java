package org.rfmstream.streams.query;

import java.time.Instant;
import java.util.Map;

/**
 * One instance's value figures per segment id, computed by its last scan of its active customers.
 *
 * @param asOf         the instant the figures were evaluated at (the scan's "now")
 * @param modelVersion the model whose value block was used
 * @param scanMillis   how long the scan took
 */
public record SegmentValueReport(Instant asOf, long modelVersion, Map<String, SegmentValue> segments,
                                 long scanMillis) {
}
