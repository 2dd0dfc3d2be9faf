package org.rfmstream.schemas;

import org.apache.kafka.clients.producer.ProducerRecord;

/** How every tool writes an erasure request, so that the command line and the HTTP API send the same record. */
public final class ErasureRequests {

    /** Longer than this, a customer id is not one (transactions carry ids of any length, but nobody types these). */
    public static final int MAX_CUSTOMER_ID_LENGTH = 1_000;

    private ErasureRequests() {
    }

    /**
     * The record for {@code customer-erasures}: keyed by the customer id (so it lands in the partition, and so the
     * task, that holds the customer), stamped with the request's time so that a replay orders it after the
     * customer's earlier transactions.
     */
    public static ProducerRecord<String, byte[]> record(String topic, String customerId, ErasureRequest request) {
        String problem = customerIdProblem(customerId);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new ProducerRecord<>(topic, null, request.requestedAt().toEpochMilli(), customerId,
                Json.toBytes(request));
    }

    /** Why the text cannot be a customer id to erase, or null if it can. */
    public static String customerIdProblem(String customerId) {
        if (customerId == null || customerId.isBlank()) {
            return "a customer id must not be empty";
        }
        if (customerId.length() > MAX_CUSTOMER_ID_LENGTH) {
            return "a customer id must not be longer than " + MAX_CUSTOMER_ID_LENGTH + " characters";
        }
        return null;
    }
}
