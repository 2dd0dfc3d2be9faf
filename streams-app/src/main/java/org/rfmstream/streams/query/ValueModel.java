package org.rfmstream.streams.query;

import org.rfmstream.schemas.value.ValueScorer;

/** The value models of the model in force, ready to evaluate customers with this instance's settings. */
public record ValueModel(long modelVersion, ValueScorer scorer) {
}
