package org.rfmstream.streams.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.rfmstream.schemas.Json;
import org.rfmstream.streams.http.ApiResponse.ApiError;

/**
 * The answers of errors that Jetty raises itself, before any route runs: a request line or URI too long, headers
 * too large, a malformed request, an ambiguous or illegal path such as an encoded NUL. Jetty writes an HTML page
 * for them by default; these handlers write the API's JSON error body instead, whatever the client accepts.
 * One is the server's (errors of the connection and the HTTP parser), the other the servlet context's (errors the
 * context raises before it hands the request to Javalin).
 */
final class JsonErrorPages {

    private static final String JSON = "application/json";

    private JsonErrorPages() {
    }

    /** For {@code Server.setErrorHandler}. */
    static ErrorHandler forServer() {
        return new ErrorHandler() {
            @Override
            public boolean errorPageForMethod(String method) {
                return true;
            }

            @Override
            protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                         String contentType, List<Charset> charsets, int code,
                                                         String message, Throwable cause) {
                writeJson(response, callback, code, message);
                return true;
            }

            @Override
            public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
                fields.put(HttpHeader.CONTENT_TYPE, JSON);
                return ByteBuffer.wrap(body(status, reason));
            }
        };
    }

    /** For the servlet context Javalin runs in ({@code ServletContextHandler.setErrorHandler}). */
    static org.eclipse.jetty.ee10.servlet.ErrorHandler forServletContext() {
        return new org.eclipse.jetty.ee10.servlet.ErrorHandler() {
            @Override
            public boolean errorPageForMethod(String method) {
                return true;
            }

            @Override
            protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                         String contentType, List<Charset> charsets, int code,
                                                         String message, Throwable cause) {
                writeJson(response, callback, code, message);
                return true;
            }

            @Override
            public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
                fields.put(HttpHeader.CONTENT_TYPE, JSON);
                return ByteBuffer.wrap(body(status, reason));
            }
        };
    }

    private static void writeJson(Response response, Callback callback, int code, String message) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    /** {@code {"error": code, "detail": sentence}}: the same codes the routes use for the same statuses. */
    static byte[] body(int status, String reason) {
        ApiError error = new ApiError(code(status), detail(status, reason));
        try {
            return Json.mapper().writeValueAsBytes(error);
        } catch (JsonProcessingException e) {
            return ("{\"error\":\"http_" + status + "\",\"detail\":\"The request failed.\"}").getBytes();
        }
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> ApiError.BAD_REQUEST;
            case 401 -> ApiError.UNAUTHORIZED;
            case 404 -> ApiError.NOT_FOUND;
            case 405 -> "method_not_allowed";
            case 413 -> ApiError.PAYLOAD_TOO_LARGE;
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 500 -> ApiError.INTERNAL;
            case 503 -> ApiError.UNAVAILABLE;
            default -> "http_" + status;
        };
    }

    /** A sentence for people: what the server refused, with Jetty's own reason when it says more than the status. */
    private static String detail(int status, String reason) {
        String what = switch (status) {
            case 400 -> "The HTTP server refused the request as malformed (the request line, a header, or a path "
                    + "it does not accept, such as one with an encoded NUL).";
            case 414 -> "The request URI is longer than the HTTP server accepts.";
            case 431 -> "The request headers are larger than the HTTP server accepts.";
            case 413 -> "The request body is larger than the HTTP server accepts.";
            default -> "The HTTP server refused the request: " + HttpStatus.getMessage(status) + ".";
        };
        boolean saysMore = reason != null && !reason.isBlank() && !reason.equalsIgnoreCase(HttpStatus.getMessage(status));
        return saysMore ? what + " (" + reason + ")" : what;
    }
}
