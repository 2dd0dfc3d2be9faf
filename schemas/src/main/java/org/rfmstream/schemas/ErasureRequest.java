package org.rfmstream.schemas;

import java.time.Instant;

/**
 * The value of the compacted {@code customer-erasures} topic, whose key is the customer id: erase that customer
 * everywhere (the right to erasure). The request carries nothing about the person beyond the key.
 *
 * @param requestedAt when the erasure was requested, UTC; also the record's timestamp
 * @param reason      optional free text for the audit trail (a ticket number, say), never logged
 */
public record ErasureRequest(Instant requestedAt, String reason) {
}
