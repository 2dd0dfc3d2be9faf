package org.rfmstream.streams.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.rfmstream.schemas.Json;
import org.rfmstream.streams.query.PeerClient.PeerResponse;
import org.rfmstream.streams.query.PeerClient.PeerUnreachableException;

/**
 * The questions one instance asks the others: one request forwarded to the instance that can answer it, or the
 * same request to every instance at once (scatter-gather) when an answer needs all of them.
 */
final class PeerQueries {

    private final PeerClient peers;
    private final Host self;

    PeerQueries(PeerClient peers, Host self) {
        this.peers = peers;
        this.self = self;
    }

    /**
     * The peer's answer as it is, whatever its status.
     *
     * @throws PeerUnreachableException if the peer does not answer, or answers something that is not JSON
     */
    Answer.Relayed forward(Host peer, String path) {
        PeerResponse response = peers.get(peer, path);
        RawJson body;
        try {
            body = RawJson.checked(response.body());
        } catch (IOException e) {
            throw new PeerUnreachableException("answered something that is not JSON (status " + response.status()
                    + ")", e);
        }
        long retryAfter = 0;
        if (response.retryAfter() != null) {
            try {
                retryAfter = Long.parseLong(response.retryAfter().trim());
            } catch (NumberFormatException e) {
                retryAfter = QueryService.Options.DEFAULT_RETRY_AFTER_SECONDS;
            }
        }
        return new Answer.Relayed(response.status(), body, retryAfter);
    }

    /**
     * Every host's report that could be had: this instance's from its own state, the others' over {@code path},
     * in parallel; the hosts that could not answer, with why, in {@link Reports#problems()}.
     */
    <T> Reports<T> fromEveryHost(List<Host> hosts, String path, Supplier<T> local, Class<T> type) {
        List<CompletableFuture<PeerResponse>> requests = new ArrayList<>();
        List<Host> remote = new ArrayList<>();
        for (Host host : hosts) {
            if (!host.equals(self)) {
                remote.add(host);
                requests.add(peers.getAsync(host, path));
            }
        }
        List<T> reports = new ArrayList<>(hosts.size());
        List<String> problems = new ArrayList<>();
        if (hosts.contains(self)) {
            try {
                reports.add(local.get());
            } catch (StoreUnavailableException e) {
                problems.add("this instance: " + e.getMessage());
            }
        }
        for (int i = 0; i < remote.size(); i++) {
            Host host = remote.get(i);
            PeerResponse response;
            try {
                response = requests.get(i).join();
            } catch (CompletionException e) {
                problems.add(host + " did not answer (" + rootMessage(e) + ")");
                continue;
            }
            if (response.status() != 200) {
                problems.add(host + " answered " + response.status());
                continue;
            }
            try {
                reports.add(Json.mapper().readValue(response.body(), type));
            } catch (IOException e) {
                problems.add(host + " answered something unreadable");
            }
        }
        return new Reports<>(reports, problems);
    }

    /**
     * Every host's report, for answers that need all of them.
     *
     * @throws IncompleteAnswerException if any instance cannot answer (a partial sum would be wrong)
     */
    <T> List<T> fromEveryHostOrFail(List<Host> hosts, String path, Supplier<T> local, Class<T> type) {
        Reports<T> reports = fromEveryHost(hosts, path, local, type);
        if (!reports.problems().isEmpty()) {
            throw new IncompleteAnswerException("Not every instance can answer right now: "
                    + String.join("; ", reports.problems()) + ".");
        }
        return reports.answers();
    }

    /** Not every instance could answer; the message says which and why. */
    static final class IncompleteAnswerException extends RuntimeException {
        IncompleteAnswerException(String message) {
            super(message, null, false, false);
        }
    }

    /** The reports that could be had, and why the others could not. */
    record Reports<T>(List<T> answers, List<String> problems) {

        /** The problems as the end of a sentence: ": a; b." or just ".". */
        String problemList() {
            return problems.isEmpty() ? "." : ": " + String.join("; ", problems) + ".";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage();
    }
}
