package org.rfmstream.streams.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.streams.query.SpendBuckets;

/**
 * One task's running totals for the marketer's answers, kept as profiles change so that {@code /api/rfm-groups} and
 * {@code /api/concentration} never scan customers. Two families of sums over the task's customers with a purchase:
 * <ul>
 *   <li><b>RFM cells</b>, keyed by (UTC day of the last purchase, F score, M score) under the current model's edges:
 *   customers, frequency, monetary cents and last purchases in epoch seconds. The R score depends on the instant
 *   asked, so it is not part of the key: at any {@code asOf} a cell's day gives its recency, hence its R score
 *   ({@link #evaluate}). Cost per answer: O(cells) = O(distinct last-purchase days × 25), not O(customers).</li>
 *   <li><b>Spend histogram</b>, keyed by a log bucket of monetary ({@link SpendBuckets}: less than 2 % between
 *   a bucket's bounds): customers and cents, independent of any model.</li>
 * </ul>
 * Like the segment totals, they are derived from the profiles: in memory, without a changelog, rebuilt when the task
 * starts, and the RFM cells again when a model brings other edges. Every change of a profile moves its contribution
 * with {@link #update} (old out, new in); removing a customer is {@code update(before, null)}.
 */
public final class MarketingTotals {

    static final String EDGES_KEY = "edges";
    private static final char CELL = 'c';
    private static final char SPEND = 's';
    private static final long DAY_MILLIS = 86_400_000L;

    private final KeyValueStore<String, byte[]> store;
    private final Map<String, long[]> sums = new HashMap<>();
    private EdgesEntry edges;
    private long[] monetaryEdgeCents;

    public MarketingTotals(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The RFM edges the cells are kept under, with the model version that brought them. */
    public record EdgesEntry(long modelVersion, RfmScoring.Edges edges) {
    }

    /**
     * One customer's share of the totals.
     *
     * @param cell  the RFM cell key, or null while no model gives edges
     * @param spend the spend bucket key
     */
    public record Contribution(String cell, String spend, long frequency, long cents, long lastPurchaseSecond) {
    }

    /** The customer's contribution under the current edges; null for a customer without a purchase. */
    public Contribution contributionOf(CustomerState state) {
        if (!state.hasPurchased()) {
            return null;
        }
        long cents = state.monetaryCents();
        String cell = null;
        if (edges != null) {
            int f = RfmScoring.frequencyScore(edges.edges(), state.frequency());
            int m = RfmScoring.monetaryScore(monetaryEdgeCents, cents);
            cell = cellKey(Math.floorDiv(state.lastPurchaseMillis(), DAY_MILLIS), f, m);
        }
        return new Contribution(cell, SPEND + Integer.toString(SpendBuckets.of(cents)), state.frequency(), cents,
                Math.floorDiv(state.lastPurchaseMillis(), 1000));
    }

    /** Moves a customer's contribution: {@code before} out (null: a new customer), {@code after} in (null: gone). */
    public void update(Contribution before, Contribution after) {
        if (before != null && before.equals(after)) {
            return;
        }
        if (before != null) {
            if (before.cell() != null) {
                add(before.cell(), -1, -before.frequency(), -before.cents(), -before.lastPurchaseSecond());
            }
            add(before.spend(), -1, 0, -before.cents(), 0);
        }
        if (after != null) {
            if (after.cell() != null) {
                add(after.cell(), 1, after.frequency(), after.cents(), after.lastPurchaseSecond());
            }
            add(after.spend(), 1, 0, after.cents(), 0);
        }
    }

    /** Forgets everything and sums the customers again under the given edges (null: no RFM cells). */
    public void rebuild(Iterator<KeyValue<String, CustomerState>> customers, EdgesEntry newEdges) {
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            List<String> keys = new ArrayList<>();
            all.forEachRemaining(entry -> keys.add(entry.key));
            keys.forEach(store::delete);
        }
        sums.clear();
        useEdges(newEdges);
        customers.forEachRemaining(entry -> update(null, contributionOf(entry.value)));
    }

    /** The edges the cells are kept under, or null. */
    public EdgesEntry edges() {
        return edges;
    }

    private void useEdges(EdgesEntry newEdges) {
        edges = newEdges;
        monetaryEdgeCents = newEdges == null ? null : RfmScoring.monetaryEdgeCents(newEdges.edges());
        if (newEdges == null) {
            store.delete(EDGES_KEY);
        } else {
            try {
                store.put(EDGES_KEY, Json.mapper().writeValueAsBytes(newEdges));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void add(String key, long customers, long frequency, long cents, long lastPurchaseSecond) {
        long[] values = sums.computeIfAbsent(key, k -> new long[4]);
        values[0] += customers;
        values[1] += frequency;
        values[2] += cents;
        values[3] += lastPurchaseSecond;
        if (values[0] == 0) {
            sums.remove(key);
            store.delete(key);
        } else {
            store.put(key, encode(values));
        }
    }

    static String cellKey(long day, int f, int m) {
        return CELL + Long.toString(day) + '/' + f + m;
    }

    private static byte[] encode(long[] values) {
        BinaryWriter writer = new BinaryWriter(24);
        for (long value : values) {
            writer.writeSigned(value);
        }
        return writer.toByteArray();
    }

    private static long[] decode(byte[] bytes) {
        BinaryReader reader = new BinaryReader(bytes);
        return new long[] {reader.readSigned(), reader.readSigned(), reader.readSigned(), reader.readSigned()};
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /**
     * A task's totals evaluated at an instant.
     *
     * @param edges      the edges the cells were kept under; null when no model gave edges (then no cells)
     * @param cells      per "rfm" score string such as "545", the sums of its customers
     * @param uncertainR customers whose R score depends on the time of day of their last purchase, which the cells
     *                   do not keep: their last-purchase day lies exactly on an R edge as seen from {@code asOf}.
     *                   They are counted as if they bought at midday; this is the answer's error bound
     * @param spend      per spend bucket, customers and cents
     */
    public record Evaluation(EdgesEntry edges, Map<String, SegmentStats> cells, long uncertainR, Map<Integer, SegmentStats> spend) {
    }

    /** Evaluates one task's store at {@code asOfMillis}: O(entries of the store). */
    public static Evaluation evaluate(Iterator<KeyValue<String, byte[]>> entries, long asOfMillis) {
        List<KeyValue<String, long[]>> cellEntries = new ArrayList<>();
        Map<Integer, SegmentStats> spend = new HashMap<>();
        EdgesEntry edges = null;
        while (entries.hasNext()) {
            KeyValue<String, byte[]> entry = entries.next();
            String key = entry.key;
            if (key.equals(EDGES_KEY)) {
                try {
                    edges = Json.mapper().readValue(entry.value, EdgesEntry.class);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (key.charAt(0) == SPEND) {
                long[] v = decode(entry.value);
                spend.merge(Integer.parseInt(key, 1, key.length(), 10), new SegmentStats(v[0], v[1], v[2], v[3]),
                        SegmentStats::plus);
            } else if (key.charAt(0) == CELL) {
                cellEntries.add(KeyValue.pair(key, decode(entry.value)));
            }
        }
        Map<String, SegmentStats> cells = new HashMap<>();
        long uncertain = 0;
        if (edges != null) {
            long asOfDay = Math.floorDiv(asOfMillis, DAY_MILLIS);
            boolean afterMidday = asOfMillis - asOfDay * DAY_MILLIS >= DAY_MILLIS / 2;
            for (KeyValue<String, long[]> cell : cellEntries) {
                String key = cell.key;
                int slash = key.indexOf('/');
                long day = Long.parseLong(key, 1, slash, 10);
                int f = key.charAt(slash + 1) - '0';
                int m = key.charAt(slash + 2) - '0';
                // a purchase on `day` is asOfDay - day whole days ago if it happened no later in its day than asOf
                long later = Math.max(0, asOfDay - day - 1);
                long earlier = Math.max(0, asOfDay - day);
                int rLater = RfmScoring.recencyScore(edges.edges(), later);
                int rEarlier = RfmScoring.recencyScore(edges.edges(), earlier);
                long[] v = cell.value;
                if (rLater != rEarlier) {
                    uncertain += v[0];
                }
                int r = afterMidday ? rEarlier : rLater;
                cells.merge("" + r + f + m, new SegmentStats(v[0], v[1], v[2], v[3]), SegmentStats::plus);
            }
        }
        return new Evaluation(edges, cells, uncertain, spend);
    }
}
