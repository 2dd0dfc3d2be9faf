package org.rfmstream.streams.query;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Other instances as a test scripts them: an answer per host, or unreachable; every call is recorded. */
public final class FakePeerClient implements PeerClient {

    private final Map<Host, Function<String, PeerResponse>> peers = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public FakePeerClient answers(Host host, Function<String, PeerResponse> answer) {
        peers.put(host, answer);
        return this;
    }

    public FakePeerClient answersJson(Host host, int status, String json) {
        return answers(host, path -> new PeerResponse(status, json.getBytes(StandardCharsets.UTF_8),
                status == 503 ? "1" : null));
    }

    /** Every call as {@code host path}. */
    public List<String> calls() {
        return calls;
    }

    @Override
    public PeerResponse get(Host peer, String pathAndQuery) {
        calls.add(peer + " " + pathAndQuery);
        Function<String, PeerResponse> answer = peers.get(peer);
        if (answer == null) {
            throw new PeerUnreachableException(peer + " unreachable", new ConnectException("Connection refused"));
        }
        return answer.apply(pathAndQuery);
    }

    @Override
    public CompletableFuture<PeerResponse> getAsync(Host peer, String pathAndQuery) {
        try {
            return CompletableFuture.completedFuture(get(peer, pathAndQuery));
        } catch (PeerUnreachableException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
