package org.rfmstream.streams.topology;

import org.rfmstream.streams.state.CustomerEvent;

/** The outcome of validating one input record at ingest. */
sealed interface Ingested {

    /**
     * A valid event. {@code keyedByCustomer} says whether the record's key already was the customer id, so it is
     * already on the right partition and needs no repartitioning.
     */
    record Accepted(CustomerEvent event, boolean keyedByCustomer) implements Ingested {
    }

    /** A refused record: its original key and bytes go to the DLQ (the reason travels in the headers). */
    record Rejected(byte[] rawKey, byte[] rawValue) implements Ingested {
    }
}
