package org.rfmstream.streams.query;

/**
 * Local state cannot be read right now (rebalancing, restoring, shutting down). Callers answer
 * "try again shortly"; they never wait for it in a loop.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
