package org.rfmstream.schemas;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * The classic RFM scores and the RFM grid's named groups, in one place so that the trainer, the topology's totals
 * and the HTTP answers agree.
 *
 * <p><b>Scores</b> are 1 to 5, 5 being best. The trainer publishes four ascending edges per feature, the 20, 40, 60
 * and 80 % quantiles of its customers ({@link #edges}). A value's score counts the edges it is beyond:
 * <ul>
 *   <li>R = 5 − (number of recency edges e with recencyDays &gt; e): the most recent fifth scores 5;</li>
 *   <li>F = 1 + (number of frequency edges e with frequency &gt; e);</li>
 *   <li>M = 1 + (number of monetary edges e with monetary &gt; e).</li>
 * </ul>
 * Values equal to an edge fall in the lower quintile; heavily tied values (most customers buy once) share one
 * score, so a score's fifth may hold more or fewer than 20 % of customers.
 *
 * <p><b>Groups</b> follow the usual grid of R against FM = round-half-up((F + M) / 2):
 * <pre>
 *          FM=1            FM=2              FM=3              FM=4             FM=5
 * R=5  New Customers  Potential Loyal.  Potential Loyal.  Champions        Champions
 * R=4  Promising      Potential Loyal.  Potential Loyal.  Loyal Customers  Loyal Customers
 * R=3  About To Sleep About To Sleep    Need Attention    Loyal Customers  Loyal Customers
 * R=2  Hibernating    Hibernating       At Risk           At Risk          Can't Lose Them
 * R=1  Lost           Lost              At Risk           At Risk          Can't Lose Them
 * </pre>
 */
public final class RfmScoring {

    /** The number of edges per feature (quintiles). */
    public static final int EDGES = 4;

    /** The eleven groups, best first; {@code id} is the stable key, {@code name} is for people. */
    public enum Group {
        CHAMPIONS("champions", "Champions", "Reward them: early access, VIP offers; they promote the brand"),
        LOYAL_CUSTOMERS("loyal-customers", "Loyal Customers", "Upsell higher-value products; ask for reviews"),
        POTENTIAL_LOYALISTS("potential-loyalists", "Potential Loyalists", "Offer membership or a loyalty programme"),
        NEW_CUSTOMERS("new-customers", "New Customers", "Onboard well; build the relationship early"),
        PROMISING("promising", "Promising", "Create brand awareness; free trials"),
        NEED_ATTENTION("need-attention", "Need Attention", "Limited-time offers based on past purchases"),
        ABOUT_TO_SLEEP("about-to-sleep", "About To Sleep", "Share popular products; renew their interest"),
        AT_RISK("at-risk", "At Risk", "Personal emails to reconnect; helpful resources"),
        CANT_LOSE_THEM("cant-lose-them", "Can't Lose Them", "Win them back with renewals or newer products"),
        HIBERNATING("hibernating", "Hibernating", "Offer other relevant products and special discounts"),
        LOST("lost", "Lost", "Revive interest with an outreach campaign; otherwise ignore");

        private final String id;
        private final String displayName;
        private final String action;

        Group(String id, String displayName, String action) {
            this.id = id;
            this.displayName = displayName;
            this.action = action;
        }

        public String id() {
            return id;
        }

        public String displayName() {
            return displayName;
        }

        public String action() {
            return action;
        }

        /** The group with this id, or null. */
        public static Group ofId(String id) {
            for (Group group : values()) {
                if (group.id.equals(id)) {
                    return group;
                }
            }
            return null;
        }
    }

    /** GRID[r - 1][fm - 1]: the group of a cell. */
    private static final Group[][] GRID = {
            {Group.LOST, Group.LOST, Group.AT_RISK, Group.AT_RISK, Group.CANT_LOSE_THEM},
            {Group.HIBERNATING, Group.HIBERNATING, Group.AT_RISK, Group.AT_RISK, Group.CANT_LOSE_THEM},
            {Group.ABOUT_TO_SLEEP, Group.ABOUT_TO_SLEEP, Group.NEED_ATTENTION, Group.LOYAL_CUSTOMERS,
                    Group.LOYAL_CUSTOMERS},
            {Group.PROMISING, Group.POTENTIAL_LOYALISTS, Group.POTENTIAL_LOYALISTS, Group.LOYAL_CUSTOMERS,
                    Group.LOYAL_CUSTOMERS},
            {Group.NEW_CUSTOMERS, Group.POTENTIAL_LOYALISTS, Group.POTENTIAL_LOYALISTS, Group.CHAMPIONS,
                    Group.CHAMPIONS},
    };

    private RfmScoring() {
    }

    /**
     * The quintile edges published in the model message: four ascending values per feature.
     *
     * @param recency   in whole days
     * @param frequency in purchases
     * @param monetary  money, 2 decimals
     */
    public record Edges(List<Long> recency, List<Long> frequency, List<BigDecimal> monetary) {

        public Edges {
            recency = List.copyOf(recency);
            frequency = List.copyOf(frequency);
            monetary = List.copyOf(monetary);
        }

        /** What is wrong with these edges; empty when they can score. */
        public List<String> problems() {
            List<String> problems = new java.util.ArrayList<>();
            check(problems, "recency", recency);
            check(problems, "frequency", frequency);
            check(problems, "monetary", monetary);
            return problems;
        }

        private static <T extends Comparable<T>> void check(List<String> problems, String what, List<T> edges) {
            if (edges.size() != EDGES) {
                problems.add("rfm." + what + " must have " + EDGES + " edges, has " + edges.size());
                return;
            }
            for (int i = 0; i < EDGES; i++) {
                if (edges.get(i) == null) {
                    problems.add("rfm." + what + "[" + i + "] is missing");
                    return;
                }
                if (i > 0 && edges.get(i).compareTo(edges.get(i - 1)) < 0) {
                    problems.add("rfm." + what + " edges must not decrease");
                    return;
                }
            }
        }
    }

    /** A customer's scores and group. */
    public record Scores(int r, int f, int m, String rfmScore, String group, String groupName) {
    }

    /**
     * The edges of a run: the 20/40/60/80 % quantiles of each feature by the nearest-rank rule (the value at
     * position ceil(p·n) of the sorted values), so every edge is a value some customer has.
     *
     * @param recencyDays   every customer's recency at the run's asOf
     * @param frequency     every customer's purchases
     * @param monetaryCents every customer's monetary in cents
     */
    public static Edges edges(long[] recencyDays, long[] frequency, long[] monetaryCents) {
        if (recencyDays.length == 0 || recencyDays.length != frequency.length
                || recencyDays.length != monetaryCents.length) {
            throw new IllegalArgumentException("need the same, non-zero number of values per feature");
        }
        long[] r = quintiles(recencyDays);
        long[] f = quintiles(frequency);
        long[] m = quintiles(monetaryCents);
        return new Edges(Arrays.stream(r).boxed().toList(), Arrays.stream(f).boxed().toList(),
                Arrays.stream(m).mapToObj(Money::fromCents).toList());
    }

    private static long[] quintiles(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        long[] edges = new long[EDGES];
        for (int q = 1; q <= EDGES; q++) {
            // nearest rank: ceil(q/5 · n), 1-based; integer arithmetic so no rounding doubt
            int rank = (int) ((q * (long) sorted.length + 4) / 5);
            edges[q - 1] = sorted[Math.max(1, rank) - 1];
        }
        return edges;
    }

    /** The R score of a recency in days: 5 for the most recent fifth, 1 for the least recent. */
    public static int recencyScore(Edges edges, long recencyDays) {
        return 5 - beyond(edges.recency(), recencyDays);
    }

    public static int frequencyScore(Edges edges, long frequency) {
        return 1 + beyond(edges.frequency(), frequency);
    }

    public static int monetaryScore(Edges edges, long monetaryCents) {
        int beyond = 0;
        for (BigDecimal edge : edges.monetary()) {
            if (monetaryCents > Money.toCents(edge)) {
                beyond++;
            }
        }
        return 1 + beyond;
    }

    /** The monetary edges in cents, for callers that score many customers. */
    public static long[] monetaryEdgeCents(Edges edges) {
        return edges.monetary().stream().mapToLong(Money::toCents).toArray();
    }

    /** The M score against edges already in cents ({@link #monetaryEdgeCents}). */
    public static int monetaryScore(long[] edgeCents, long monetaryCents) {
        int beyond = 0;
        for (long edge : edgeCents) {
            if (monetaryCents > edge) {
                beyond++;
            }
        }
        return 1 + beyond;
    }

    private static int beyond(List<Long> edges, long value) {
        int beyond = 0;
        for (long edge : edges) {
            if (value > edge) {
                beyond++;
            }
        }
        return beyond;
    }

    /** FM = round-half-up of the mean of F and M. */
    public static int fmScore(int f, int m) {
        return (f + m + 1) / 2;
    }

    /** The grid's group of the cell (R, FM) of scores F and M. */
    public static Group group(int r, int f, int m) {
        checkScore("r", r);
        checkScore("f", f);
        checkScore("m", m);
        return GRID[r - 1][fmScore(f, m) - 1];
    }

    /** Every score of a customer at the given recency. */
    public static Scores score(Edges edges, long recencyDays, long frequency, long monetaryCents) {
        int r = recencyScore(edges, recencyDays);
        int f = frequencyScore(edges, frequency);
        int m = monetaryScore(edges, monetaryCents);
        Group group = group(r, f, m);
        return new Scores(r, f, m, "" + r + f + m, group.id(), group.displayName());
    }

    private static void checkScore(String what, int score) {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException(what + " score must be 1..5, is " + score);
        }
    }
}
