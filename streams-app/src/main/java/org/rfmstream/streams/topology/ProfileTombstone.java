package org.rfmstream.streams.topology;

/**
 * What the segmentation emits to {@code customer-profiles} for an erased customer: the sink writes it as a record
 * without a value (a tombstone), so that compaction deletes the customer's last profile and readers of the topic
 * (the trainer) drop them.
 */
enum ProfileTombstone {
    INSTANCE
}
