package org.rfmstream.streams.http;

import org.rfmstream.streams.query.Answer;

/**
 * What a request answers: an HTTP status and a body that is written as JSON. {@code retryAfterSeconds} is set on
 * 503 answers ({@code Retry-After}), 0 otherwise.
 */
public record ApiResponse(int status, Object body, long retryAfterSeconds) {

    /** A query's answer as HTTP: found 200, not found 404, unavailable 503, another instance's answer as it came. */
    public static ApiResponse of(Answer answer) {
        return switch (answer) {
            case Answer.Found found -> ok(found.value());
            case Answer.NotFound notFound -> notFound(notFound.detail());
            case Answer.Unavailable unavailable -> unavailable(unavailable.detail(), unavailable.retryAfterSeconds());
            case Answer.Relayed relayed -> new ApiResponse(relayed.status(), relayed.body(),
                    relayed.retryAfterSeconds());
        };
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, 0);
    }

    public static ApiResponse error(int status, String error, String detail) {
        return new ApiResponse(status, new ApiError(error, detail), 0);
    }

    public static ApiResponse unavailable(String detail, long retryAfterSeconds) {
        return new ApiResponse(503, new ApiError(ApiError.UNAVAILABLE, detail), retryAfterSeconds);
    }

    public static ApiResponse notFound(String detail) {
        return error(404, ApiError.NOT_FOUND, detail);
    }

    /** The JSON error body of every failed request: a short stable code and a sentence for people. */
    public record ApiError(String error, String detail) {
        public static final String BAD_REQUEST = "bad_request";
        public static final String UNAUTHORIZED = "unauthorized";
        public static final String NOT_FOUND = "not_found";
        public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
        public static final String UNAVAILABLE = "unavailable";
        public static final String INTERNAL = "internal_error";
    }
}
