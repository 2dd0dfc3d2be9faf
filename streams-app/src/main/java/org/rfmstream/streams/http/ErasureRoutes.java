package org.rfmstream.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import org.rfmstream.schemas.ErasureRequests;
import org.rfmstream.schemas.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/customers/{id}/erase}: sends an erasure request for the customer, for tools that speak HTTP. It
 * exists only when the API is protected ({@code API_TOKEN} set, so the server's bearer check guards it); without a
 * token it answers 404 saying so. The optional body is {@code {"reason": "..."}}. The answer is 202 with where the
 * request went: the erasure itself happens in the customer's task moments later, after which
 * {@code GET /api/customers/{id}} answers 404 on every instance.
 */
public final class ErasureRoutes {

    public static final String PATH = ApiPaths.ERASE_CUSTOMER;
    static final int MAX_REASON_LENGTH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ErasureRoutes.class);
    private static final String JSON = "application/json";

    private final ErasureRequester requester;

    private ErasureRoutes(ErasureRequester requester) {
        this.requester = requester;
    }

    /** @param requester null when {@code API_TOKEN} is not set: the route then only explains why it is off */
    public static void register(RoutesConfig routes, ErasureRequester requester) {
        ErasureRoutes erasureRoutes = new ErasureRoutes(requester);
        routes.post(PATH, erasureRoutes::erase);
    }

    private void erase(Context ctx) {
        if (requester == null) {
            error(ctx, 404, ApiResponse.ApiError.NOT_FOUND, "Erasure over HTTP is enabled only when the streams-app runs with API_TOKEN "
                    + "set (it is then guarded by the bearer token); without it, use 'ops erase'.");
            return;
        }
        String customerId = ctx.pathParam("id");
        String problem = ErasureRequests.customerIdProblem(customerId);
        if (problem != null) {
            error(ctx, 400, ApiResponse.ApiError.BAD_REQUEST, problem.substring(0, 1).toUpperCase() + problem.substring(1) + ".");
            return;
        }
        String reason;
        try {
            reason = reason(ctx.bodyAsBytes());
        } catch (IllegalArgumentException e) {
            error(ctx, 400, ApiResponse.ApiError.BAD_REQUEST, e.getMessage());
            return;
        }
        ErasureRequester.SentRequest sent;
        try {
            sent = requester.send(customerId, reason);
        } catch (ErasureRequester.ErasureNotSentException e) {
            LOG.warn("An erasure request over HTTP was not sent: {}", e.getMessage());
            ctx.header("Retry-After", "5");
            error(ctx, 503, ApiResponse.ApiError.UNAVAILABLE, "The erasure request was not sent, try again: " + e.getMessage());
            return;
        }
        ctx.status(202).contentType(JSON).result(Json.toBytes(sent));
    }

    /** The optional {@code reason} of an optional JSON object body. */
    static String reason(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The body must be empty or a JSON object such as "
                    + "{\"reason\": \"ticket DSR-2041\"}.");
        }
        if (root == null || root.isMissingNode()) {
            return null;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("The body must be empty or a JSON object such as "
                    + "{\"reason\": \"ticket DSR-2041\"}.");
        }
        JsonNode reason = root.get("reason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isTextual()) {
            throw new IllegalArgumentException("reason must be a string.");
        }
        if (reason.textValue().length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason must not be longer than " + MAX_REASON_LENGTH
                    + " characters.");
        }
        return reason.textValue().isBlank() ? null : reason.textValue().strip();
    }

    private static void error(Context ctx, int status, String error, String detail) {
        ctx.status(status).contentType(JSON).result(Json.toBytes(new ApiResponse.ApiError(error, detail)));
    }
}
