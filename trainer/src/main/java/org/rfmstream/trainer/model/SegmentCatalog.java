package org.rfmstream.trainer.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The archetypes segments are named after, in the order segments are listed in a model (best customers first).
 * The classic RFM segment set; names and actions can be overridden by configuration, ids cannot (they are the
 * contract with everything that reacts to segment changes).
 */
public final class SegmentCatalog {

    private static final List<Archetype> STANDARD = List.of(
            archetype("champions", "Champions", "Reward them: VIP offers and early access to new products",
                    -1.0, 1.2, 1.2),
            archetype("loyal", "Loyal", "Upsell higher-value products and ask for reviews",
                    -0.3, 0.8, 0.8),
            archetype("potential-loyalists", "Potential Loyalists", "Offer membership or a loyalty programme",
                    -0.8, 0.2, 0.2),
            archetype("new-customers", "New Customers", "Onboard them well and build the relationship early",
                    -1.0, -0.9, -0.6),
            archetype("promising", "Promising", "Build brand awareness with free trials and samples",
                    -0.4, -0.6, -0.3),
            archetype("need-attention", "Need Attention", "Limited-time offers based on past purchases",
                    0.0, 0.0, 0.0),
            archetype("about-to-sleep", "About to Sleep", "Recommend popular products and share useful content",
                    0.4, -0.5, -0.4),
            archetype("at-risk", "At Risk", "Personalised win-back emails and renewal offers",
                    0.8, 0.6, 0.6),
            archetype("cant-lose-them", "Can't Lose Them", "Win them back in person; ask what went wrong",
                    1.1, 1.2, 1.2),
            archetype("hibernating", "Hibernating", "Offer relevant products and special discounts",
                    0.7, -0.6, -0.5),
            archetype("lost", "Lost", "One reach-out campaign to revive interest, otherwise leave them be",
                    1.3, -1.0, -0.9));

    private final List<Archetype> archetypes;
    private final Map<String, Archetype> byId;

    private SegmentCatalog(List<Archetype> archetypes) {
        this.archetypes = List.copyOf(archetypes);
        this.byId = new LinkedHashMap<>();
        for (Archetype archetype : archetypes) {
            if (byId.put(archetype.id(), archetype) != null) {
                throw new IllegalArgumentException("archetype id '" + archetype.id() + "' appears twice");
            }
        }
    }

    public static SegmentCatalog standard() {
        return new SegmentCatalog(STANDARD);
    }

    public static SegmentCatalog of(List<Archetype> archetypes) {
        return new SegmentCatalog(archetypes);
    }

    /**
     * The same archetypes with names and actions looked up by id; {@code lookup.apply(id, "name")} or
     * {@code (id, "action")} returns the override or null to keep the standard text.
     */
    public SegmentCatalog withOverrides(BiFunction<String, String, String> lookup) {
        List<Archetype> overridden = new ArrayList<>();
        for (Archetype archetype : archetypes) {
            String name = Optional.ofNullable(lookup.apply(archetype.id(), "name")).orElse(archetype.name());
            String action = Optional.ofNullable(lookup.apply(archetype.id(), "action")).orElse(archetype.action());
            overridden.add(archetype.withText(name, action));
        }
        return new SegmentCatalog(overridden);
    }

    public List<Archetype> archetypes() {
        return archetypes;
    }

    public int size() {
        return archetypes.size();
    }

    public Optional<Archetype> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The position used to order segments in a model; ids unknown to the catalog come after all known ones. */
    int rank(String id) {
        int index = 0;
        for (String known : byId.keySet()) {
            if (known.equals(id)) {
                return index;
            }
            index++;
        }
        return Integer.MAX_VALUE;
    }

    private static Archetype archetype(String id, String name, String action, double recency, double frequency,
                                       double monetary) {
        return new Archetype(id, name, action, new double[] {recency, frequency, monetary});
    }
}
