package org.rfmstream.streams.state;

/**
 * A validated erasure request, as the segmentation sees it: nothing about the person but the key it travels with.
 *
 * @param requestedAtMillis when the erasure was requested (epoch millis, UTC)
 */
public record Erasure(long requestedAtMillis) implements CustomerInput {
}
