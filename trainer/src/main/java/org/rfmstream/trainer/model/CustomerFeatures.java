package org.rfmstream.trainer.model;

import java.time.Instant;
import java.util.Objects;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.Rfm;

/**
 * What the trainer keeps of one customer's profile: enough for recency at any instant, frequency and monetary
 * (in cents, so segment means never sum money in doubles), and for the value models the first purchase and the
 * first order's amount.
 *
 * @param firstPurchase   null when unknown; such a customer is left out of the value models' fit
 * @param firstOrderCents the first order's amount in cents, or -1 when unknown (profiles written before it was
 *                        kept); such a customer is left out of the Gamma-Gamma fit
 */
public record CustomerFeatures(String customerId, Instant lastPurchase, long frequency, long monetaryCents,
                               Instant firstPurchase, long firstOrderCents) {

    /** A customer known only by its RFM figures (no value models). */
    public CustomerFeatures(String customerId, Instant lastPurchase, long frequency, long monetaryCents) {
        this(customerId, lastPurchase, frequency, monetaryCents, null, -1);
    }

    public CustomerFeatures {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(lastPurchase, "lastPurchase");
        if (frequency < 1) {
            throw new IllegalArgumentException("a trained customer has at least one purchase, " + customerId
                    + " has " + frequency);
        }
        if (monetaryCents < 0) {
            throw new IllegalArgumentException("monetary is never negative, " + customerId + " has " + monetaryCents);
        }
    }

    /** The profile's features, or null for a customer without any purchase (nothing to learn from). */
    public static CustomerFeatures of(CustomerProfile profile) {
        if (profile == null || profile.customerId() == null || profile.lastPurchase() == null
                || profile.frequency() < 1) {
            return null;
        }
        long cents = profile.monetary() == null ? 0 : Math.max(0, Money.toCents(profile.monetary()));
        long firstOrder = profile.firstOrderAmount() == null ? -1 : Money.toCents(profile.firstOrderAmount());
        return new CustomerFeatures(profile.customerId(), profile.lastPurchase(), profile.frequency(), cents,
                profile.firstPurchase(), firstOrder);
    }

    public CustomerFeatures withCustomerId(String id) {
        return new CustomerFeatures(id, lastPurchase, frequency, monetaryCents, firstPurchase, firstOrderCents);
    }

    public long recencyDays(Instant asOf) {
        return Rfm.recencyDays(lastPurchase, asOf);
    }

    /** Exactly {@code monetary.doubleValue()} of the 2-decimal amount: both are the double nearest to it. */
    public double monetary() {
        return monetaryCents / 100.0;
    }
}
