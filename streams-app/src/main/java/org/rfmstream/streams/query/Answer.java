package org.rfmstream.streams.query;

/**
 * What a query answers, whatever carries it: a value, "no such thing", "not possible right now" (with the time
 * to wait before asking again), or another instance's answer passed on as it came. The HTTP layer turns each into
 * a status and a JSON body.
 */
public sealed interface Answer {

    record Found(Object value) implements Answer {
    }

    record NotFound(String detail) implements Answer {
    }

    record Unavailable(String detail, long retryAfterSeconds) implements Answer {
    }

    /** Another instance's answer, byte for byte, with the status and retry delay it came with. */
    record Relayed(int status, RawJson body, long retryAfterSeconds) implements Answer {
    }

    static Answer found(Object value) {
        return new Found(value);
    }

    static Answer notFound(String detail) {
        return new NotFound(detail);
    }
}
