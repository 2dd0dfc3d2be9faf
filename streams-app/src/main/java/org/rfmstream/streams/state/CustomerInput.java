package org.rfmstream.streams.state;

/**
 * What reaches a customer's task: a validated transaction, or a request to erase the customer. Both are keyed by
 * the customer id, so both are processed in the task that holds the customer, in one exactly-once stream.
 */
public sealed interface CustomerInput permits CustomerEvent, Erasure {
}
