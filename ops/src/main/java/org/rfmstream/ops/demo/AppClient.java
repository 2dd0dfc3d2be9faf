package org.rfmstream.ops.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rfmstream.schemas.Json;

/** What the demo asks the streams-app over its HTTP API, as a user's browser or curl would. */
final class AppClient {

    /** A segment of the current model that has customers, as {@code GET /api/segments} shows it. */
    record SegmentCount(String id, String name, long customers) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;
    private final String apiToken;

    /** @param apiToken the streams-app's {@code API_TOKEN}, or null when it has none */
    AppClient(int port, String apiToken) {
        this.base = URI.create("http://localhost:" + port + "/");
        this.apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
    }

    URI dashboard() {
        return base;
    }

    /** True once the HTTP server answers {@code GET /health} with 200. */
    boolean healthy() {
        return get("health").map(response -> response.statusCode() == 200).orElse(false);
    }

    /**
     * The segments of the current model that have customers, in the model's order; empty while there is no model,
     * no customer assigned yet, or no answer.
     */
    List<SegmentCount> segmentsWithCustomers() {
        Optional<HttpResponse<String>> response = get("api/segments");
        if (response.isEmpty() || response.get().statusCode() != 200) {
            return List.of();
        }
        JsonNode view;
        try {
            view = Json.mapper().readTree(response.get().body());
        } catch (IOException e) {
            return List.of();
        }
        List<SegmentCount> segments = new ArrayList<>();
        if (view.path("modelVersion").isNull() || view.path("modelVersion").isMissingNode()) {
            return segments;
        }
        for (JsonNode segment : view.path("segments")) {
            if (segment.path("inModel").asBoolean(false) && segment.path("customers").asLong(0) > 0) {
                segments.add(new SegmentCount(segment.path("id").asText(), segment.path("name").asText(),
                        segment.path("customers").asLong()));
            }
        }
        return segments;
    }

    private Optional<HttpResponse<String>> get(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET();
        if (apiToken != null) {
            request.header("Authorization", "Bearer " + apiToken);
        }
        try {
            return Optional.of(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
