package org.rfmstream.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rfmstream.schemas.SegmentModel;

/**
 * Gives each new centroid a unique business id, name and action.
 *
 * <p>First, with a previous model, centroids that sit where a previous segment sat (both expressed in the new
 * model's scaled space, at most {@code maxKeepDistance} apart) keep that segment's id, matched one-to-one with the
 * smallest total distance: the same kind of customer keeps its id across retrains. Then every remaining centroid
 * is matched one-to-one to a still unused archetype by the smallest total squared distance between its profile
 * and the archetype's. The result is ordered as the catalog lists archetypes, so the model's order is stable.
 */
public final class SegmentNamer {

    /** Cost of leaving a centroid unmatched to the previous model, relative to the keep distance. */
    private static final double NOT_KEPT = 1.0;

    private final SegmentCatalog catalog;
    private final double maxKeepDistance;

    public SegmentNamer(SegmentCatalog catalog, double maxKeepDistance) {
        this.catalog = catalog;
        this.maxKeepDistance = maxKeepDistance;
    }

    /** How a segment got its id. */
    public enum Origin { KEPT_FROM_PREVIOUS, MATCHED_TO_ARCHETYPE }

    public record NamedCentroid(String id, String name, String action, double[] centroid, Origin origin) {
    }

    /**
     * @param centroids in the new model's scaled space
     * @param scaler    the new model's scaler
     * @param previous  the model in force, or null
     */
    public List<NamedCentroid> name(double[][] centroids, SegmentModel.Scaler scaler, SegmentModel previous) {
        int k = centroids.length;
        if (k > catalog.size()) {
            throw new IllegalArgumentException("cannot name " + k + " segments with " + catalog.size()
                    + " archetypes; use k ≤ " + catalog.size());
        }
        String[] ids = new String[k];
        Origin[] origins = new Origin[k];
        String[] previousNames = new String[k];
        String[] previousActions = new String[k];
        if (previous != null) {
            keepPreviousIds(centroids, scaler, previous, ids, origins, previousNames, previousActions);
        }
        nameRemainingByArchetype(centroids, ids, origins);

        List<NamedCentroid> named = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            String id = ids[c];
            String name = catalog.find(id).map(Archetype::name).orElse(previousNames[c]);
            String action = catalog.find(id).map(Archetype::action).orElse(previousActions[c]);
            named.add(new NamedCentroid(id, name, action, centroids[c].clone(), origins[c]));
        }
        named.sort(Comparator.comparingInt((NamedCentroid n) -> catalog.rank(n.id())).thenComparing(NamedCentroid::id));
        return named;
    }

    private void keepPreviousIds(double[][] centroids, SegmentModel.Scaler scaler, SegmentModel previous,
                                 String[] ids, Origin[] origins, String[] names, String[] actions) {
        List<SegmentModel.Segment> old = previous.segments();
        int k = centroids.length;
        // Columns: the previous segments, then one "not kept" column per centroid.
        double[][] cost = new double[k][old.size() + k];
        for (int c = 0; c < k; c++) {
            for (int s = 0; s < old.size(); s++) {
                double distance = distance(centroids[c], inNewSpace(old.get(s).centroid(), previous.scaler(), scaler));
                cost[c][s] = distance <= maxKeepDistance ? distance / maxKeepDistance : 1e6;
            }
            for (int u = 0; u < k; u++) {
                cost[c][old.size() + u] = NOT_KEPT;
            }
        }
        int[] match = Hungarian.assign(cost);
        for (int c = 0; c < k; c++) {
            int s = match[c];
            if (s < old.size() && cost[c][s] <= NOT_KEPT) {
                ids[c] = old.get(s).id();
                origins[c] = Origin.KEPT_FROM_PREVIOUS;
                names[c] = old.get(s).name() == null ? old.get(s).id() : old.get(s).name();
                actions[c] = old.get(s).action() == null ? "" : old.get(s).action();
            }
        }
    }

    private void nameRemainingByArchetype(double[][] centroids, String[] ids, Origin[] origins) {
        Set<String> taken = new HashSet<>();
        List<Integer> unnamed = new ArrayList<>();
        for (int c = 0; c < centroids.length; c++) {
            if (ids[c] == null) {
                unnamed.add(c);
            } else {
                taken.add(ids[c]);
            }
        }
        if (unnamed.isEmpty()) {
            return;
        }
        List<Archetype> free = catalog.archetypes().stream().filter(a -> !taken.contains(a.id())).toList();
        double[][] cost = new double[unnamed.size()][free.size()];
        for (int row = 0; row < unnamed.size(); row++) {
            double[] centroid = centroids[unnamed.get(row)];
            for (int a = 0; a < free.size(); a++) {
                double distance = distance(centroid, free.get(a).profile());
                cost[row][a] = distance * distance;
            }
        }
        int[] match = Hungarian.assign(cost);
        for (int row = 0; row < unnamed.size(); row++) {
            int c = unnamed.get(row);
            ids[c] = free.get(match[row]).id();
            origins[c] = Origin.MATCHED_TO_ARCHETYPE;
        }
    }

    /** A centroid of another model, moved into this model's scaled space through the log1p values it stands for. */
    static double[] inNewSpace(double[] centroid, SegmentModel.Scaler from, SegmentModel.Scaler to) {
        if (Arrays.equals(from.mean(), to.mean()) && Arrays.equals(from.std(), to.std())) {
            return centroid.clone(); // the same space: no rounding through the log values
        }
        double[] moved = new double[centroid.length];
        for (int d = 0; d < centroid.length; d++) {
            double log = centroid[d] * from.std()[d] + from.mean()[d];
            moved[d] = (log - to.mean()[d]) / to.std()[d];
        }
        return moved;
    }

    static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = a[d] - b[d];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }
}
