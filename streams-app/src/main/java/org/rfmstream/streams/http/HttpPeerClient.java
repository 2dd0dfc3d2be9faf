package org.rfmstream.streams.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.PeerClient;

/**
 * {@link PeerClient} over {@code java.net.http}: HTTP/1.1 with a short connect timeout and a bound on the whole
 * answer, the forwarding mark, and the API token when one is configured (all instances share it).
 */
public final class HttpPeerClient implements PeerClient {

    private final HttpClient client;
    private final Host self;
    private final Duration timeout;
    private final String authorization;

    public HttpPeerClient(HttpSettings settings) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.self = settings.applicationServer();
        this.timeout = settings.forwardTimeout();
        this.authorization = settings.apiToken() == null ? null : "Bearer " + settings.apiToken();
    }

    @Override
    public PeerResponse get(Host peer, String pathAndQuery) {
        try {
            return toPeerResponse(client.send(request(peer, pathAndQuery), HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw unreachable(peer, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(peer, e);
        }
    }

    @Override
    public CompletableFuture<PeerResponse> getAsync(Host peer, String pathAndQuery) {
        return client.sendAsync(request(peer, pathAndQuery), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        throw unreachable(peer, cause);
                    }
                    return toPeerResponse(response);
                });
    }

    private HttpRequest request(Host peer, String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + peer + pathAndQuery))
                .timeout(timeout)
                .header(FORWARDED_HEADER, self.toString())
                .header("Accept", "application/json")
                .GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private static PeerResponse toPeerResponse(HttpResponse<byte[]> response) {
        return new PeerResponse(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    private static PeerUnreachableException unreachable(Host peer, Throwable cause) {
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new PeerUnreachableException(peer + " unreachable: " + reason, cause);
    }
}
