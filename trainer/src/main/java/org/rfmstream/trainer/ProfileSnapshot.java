package org.rfmstream.trainer;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.rfmstream.trainer.model.CustomerFeatures;

/**
 * Every customer's latest profile as it stood when reading began.
 *
 * @param records          records read
 * @param tombstones       deletions among them
 * @param unreadable       records that were not a readable CustomerProfile (skipped and logged)
 * @param withoutPurchases customers whose latest profile has no purchase (nothing to learn from)
 */
public record ProfileSnapshot(Collection<CustomerFeatures> customers, long records, long tombstones, long unreadable,
                              long withoutPurchases) {

    /** The latest purchase of any customer: "now" in event time. */
    public Optional<Instant> latestPurchase() {
        return customers.stream().map(CustomerFeatures::lastPurchase).max(Instant::compareTo);
    }
}
