package org.rfmstream.streams.query;

import java.util.Map;

/** {@code POST /api/score}: the segment of a hypothetical customer, and the distance to every segment. */
public record ScoreResult(String segment, String name, String action, Map<String, Double> distances,
                          long modelVersion) {
}
