package org.rfmstream.streams.query;

import java.util.concurrent.CompletableFuture;

/**
 * GET requests to another instance of the application, marked as coming from an instance so that the receiver
 * never forwards them again. Implementations bound every call by a short timeout.
 */
public interface PeerClient {

    /** The header that marks a request as already forwarded once; its value is the forwarding instance. */
    String FORWARDED_HEADER = "X-Rfm-Forwarded-By";

    /**
     * @param pathAndQuery e.g. {@code /api/customers/17850?asOf=...}, already URL-encoded
     * @throws PeerUnreachableException if the peer cannot be reached or does not answer in time
     */
    PeerResponse get(Host peer, String pathAndQuery);

    /** Like {@link #get}, without blocking; the future fails with {@link PeerUnreachableException}. */
    CompletableFuture<PeerResponse> getAsync(Host peer, String pathAndQuery);

    /** A peer's answer: its status, its JSON body and its {@code Retry-After} header if any. */
    record PeerResponse(int status, byte[] body, String retryAfter) {
    }

    class PeerUnreachableException extends RuntimeException {
        public PeerUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
