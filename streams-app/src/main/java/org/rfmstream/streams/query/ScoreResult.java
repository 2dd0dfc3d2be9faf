package org.rfmstream.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.rfmstream.schemas.value.CustomerValue;

/**
 * {@code POST /api/score}: the segment of a hypothetical customer, and the distance to every segment; with the
 * customer's age given and value models in the model, the predicted value too.
 */
public record ScoreResult(String segment, String name, String action, Map<String, Double> distances,
                          long modelVersion, @JsonInclude(JsonInclude.Include.NON_NULL) CustomerValue value) {
}
