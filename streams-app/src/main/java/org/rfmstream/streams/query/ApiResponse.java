package org.rfmstream.streams.query;

/**
 * What a query answers: an HTTP status and a body that is written as JSON. {@code retryAfterSeconds} is set on
 * 503 answers ({@code Retry-After}), 0 otherwise.
 */
public record ApiResponse(int status, Object body, long retryAfterSeconds) {

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
