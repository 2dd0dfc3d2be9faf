package org.rfmstream.trainer.model;

import java.util.List;
import java.util.Map;

/**
 * How a new model differs from the one in force, measured on the same customers at the same instant.
 *
 * @param previousVersion the version of the model in force
 * @param migration       previous segment id → new segment id → customers (only non-zero cells)
 * @param moved           customers whose segment id would change
 * @param customers       customers compared
 * @param centroidShifts  for every id in both models, how far its centroid moved (scaled units of the new model)
 * @param added           ids the previous model did not have
 * @param removed         ids of the previous model that are gone
 */
public record Stability(long previousVersion, Map<String, Map<String, Long>> migration, long moved, long customers,
                        Map<String, Double> centroidShifts, List<String> added, List<String> removed) {

    public double movedShare() {
        return customers == 0 ? 0 : (double) moved / customers;
    }
}
