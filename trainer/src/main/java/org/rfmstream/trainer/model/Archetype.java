package org.rfmstream.trainer.model;

import java.util.Objects;

/**
 * A kind of customer marketing recognises, and what to do about them.
 *
 * @param profile where such customers sit relative to the whole population, per feature (recency, frequency,
 *                monetary) in standard deviations of the log1p-transformed value: recency {@code -1} is "bought
 *                about one standard deviation more recently than average", frequency {@code +1} "buys more often"
 */
public record Archetype(String id, String name, String action, double[] profile) {

    public Archetype {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        if (profile == null || profile.length != 3) {
            throw new IllegalArgumentException("an archetype's profile has recency, frequency and monetary");
        }
        profile = profile.clone();
    }

    public Archetype withText(String newName, String newAction) {
        return new Archetype(id, newName, newAction, profile);
    }
}
