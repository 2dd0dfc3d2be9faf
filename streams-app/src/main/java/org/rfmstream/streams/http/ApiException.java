package org.rfmstream.streams.http;

import org.rfmstream.streams.http.ApiResponse.ApiError;

/** A request that cannot be answered as asked: its status and the JSON error body to send. */
final class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    ApiException(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, ApiError.BAD_REQUEST, detail);
    }

    int status() {
        return status;
    }

    ApiError body() {
        return new ApiError(error, getMessage());
    }
}
