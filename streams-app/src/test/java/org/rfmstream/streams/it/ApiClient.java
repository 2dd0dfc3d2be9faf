package org.rfmstream.streams.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.rfmstream.schemas.Json;

/** Asks the instances over HTTP as a user would, and remembers the status of every answer it ever got. */
final class ApiClient {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    HttpResponse<String> get(AppInstance instance, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + instance.host() + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + request.uri(), e);
        }
        statuses.computeIfAbsent(response.statusCode(), status -> new AtomicInteger()).incrementAndGet();
        return response;
    }

    /** The body of a 200 answer; anything else fails with the status and body. */
    JsonNode getOk(AppInstance instance, String path) {
        HttpResponse<String> response = get(instance, path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " through " + instance + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return json(response);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (status " + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** How many answers of each status, over the client's whole life. */
    Map<Integer, Integer> statuses() {
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }
}
