package org.rfmstream.streams.http;

/** Sends erasure requests to {@code customer-erasures}; the topology does the erasing. */
public interface ErasureRequester {

    /**
     * Sends one request and waits until Kafka has it.
     *
     * @param reason optional free text kept with the request, or null
     * @throws ErasureNotSentException if Kafka did not take it
     */
    SentRequest send(String customerId, String reason);

    /** Where the request went: the HTTP answer, so a caller can audit it. */
    record SentRequest(String customerId, java.time.Instant requestedAt, String topic, int partition, long offset) {
    }

    /** Kafka did not take the request (unreachable, timed out, refused). */
    final class ErasureNotSentException extends RuntimeException {
        public ErasureNotSentException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
