package org.rfmstream.streams.query;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.streams.query.PeerClient.PeerResponse;
import org.rfmstream.streams.state.SegmentStats;

/**
 * The marketer's answers across instances: the RFM grid's groups, revenue concentration and the customer CSV.
 * The first two add every instance's totals ({@link MarketingTotalsReport}): O(cells + spend buckets) per instance,
 * never a scan of customers. The CSV is a scan by nature; it is streamed page by page from every instance, merged
 * in customer id order, holding at most one page per instance in memory.
 */
public final class MarketingQueries {

    /** The customer shares the concentration answer always gives. */
    static final double[] TOP_SHARES = {0.01, 0.10, 0.20, 0.50};
    /** Customers per instance and page while streaming the CSV. */
    public static final int CSV_PAGE = 1_000;
    public static final List<String> CSV_HEADER = List.of("customerId", "segment", "recencyDays", "frequency",
            "monetary", "refunded", "firstPurchase", "lastPurchase", "segmentSince", "modelVersion", "nextReviewAt",
            "updatedAt", "r", "f", "m", "rfmScore", "rfmGroup");

    private final QueryService queries;
    private final PeerQueries peerQueries;
    private final MetadataSource metadata;
    private final LocalCustomerStore store;
    private final CurrentScorer scorer;
    private final PeerClient peers;
    private final Supplier<Instant> now;

    MarketingQueries(QueryService queries, MetadataSource metadata, LocalCustomerStore store, CurrentScorer scorer,
                     PeerQueries peerQueries, PeerClient peers, Supplier<Instant> now) {
        this.queries = queries;
        this.peerQueries = peerQueries;
        this.metadata = metadata;
        this.store = store;
        this.scorer = scorer;
        this.peers = peers;
        this.now = now;
    }

    /** "Now" for recency; while this instance's event clock is unknown, the model's asOf (as for segments). */
    private Instant now() {
        Instant at = now.get();
        if (at == null) {
            var current = scorer.get();
            at = current != null ? current.model().asOf() : Instant.now();
        }
        return at;
    }

    // ---- totals ----------------------------------------------------------------------------------------------

    /** This instance's own totals at the instant, for {@link PeerPaths#INTERNAL_MARKETING_TOTALS}. */
    public Answer localTotals(Instant asOf) {
        if (!metadata.running()) {
            return queries.notRunning();
        }
        try {
            return Answer.found(localReport(asOf != null ? asOf : now()));
        } catch (StoreUnavailableException e) {
            return queries.unavailable("The marketing totals of " + metadata.self() + " are not queryable right now: "
                    + e.getMessage());
        }
    }

    private MarketingTotalsReport localReport(Instant asOf) {
        return store.marketingTotals(asOf).withInstance(metadata.self().toString());
    }

    private List<MarketingTotalsReport> everyInstance(Instant at) {
        return peerQueries.fromEveryHostOrFail(metadata.activeHosts(), PeerPaths.internalMarketingTotals(at),
                () -> localReport(at), MarketingTotalsReport.class);
    }

    /**
     * The eleven groups at {@code asOf} (null: now), with counts, revenue share and mean R/F/M, and the grids.
     */
    public Answer rfmGroups(Instant asOf) {
        if (!metadata.running()) {
            return queries.notRunning();
        }
        Instant at = asOf != null ? asOf : now();
        List<MarketingTotalsReport> reports;
        try {
            reports = everyInstance(at);
        } catch (PeerQueries.IncompleteAnswerException e) {
            return queries.unavailable(e.getMessage());
        }
        TreeSet<Long> versions = new TreeSet<>();
        RfmScoring.Edges edges = null;
        long newest = Long.MIN_VALUE;
        Map<String, SegmentStats> cells = new HashMap<>();
        long uncertain = 0;
        for (MarketingTotalsReport report : reports) {
            versions.addAll(report.edgesModelVersions());
            if (report.edges() != null && !report.edgesModelVersions().isEmpty()
                    && report.edgesModelVersions().getLast() > newest) {
                newest = report.edgesModelVersions().getLast();
                edges = report.edges();
            }
            report.cells().forEach((cell, totals) -> cells.merge(cell, totals, SegmentStats::plus));
            uncertain += report.uncertainRecency();
        }
        if (edges == null) {
            return Answer.notFound("No model with RFM score edges is in force yet: the trainer publishes them "
                    + "with every model.");
        }
        return Answer.found(groupsView(cells, at, edges, versions, reports.size(), uncertain));
    }

    private static RfmGroupsView groupsView(Map<String, SegmentStats> cells, Instant asOf, RfmScoring.Edges edges,
                                            TreeSet<Long> versions, int instances, long uncertain) {
        Map<RfmScoring.Group, SegmentStats> byGroup = new TreeMap<>();
        Map<RfmScoring.Group, long[]> scoreSums = new TreeMap<>();
        long[][] grid = new long[5][5];
        long[][] recencyFrequency = new long[5][5];
        SegmentStats all = SegmentStats.EMPTY;
        for (Map.Entry<String, SegmentStats> cell : cells.entrySet()) {
            String score = cell.getKey();
            int r = score.charAt(0) - '0';
            int f = score.charAt(1) - '0';
            int m = score.charAt(2) - '0';
            SegmentStats totals = cell.getValue();
            RfmScoring.Group group = RfmScoring.group(r, f, m);
            byGroup.merge(group, totals, SegmentStats::plus);
            long[] sums = scoreSums.computeIfAbsent(group, g -> new long[3]);
            sums[0] += r * totals.customers();
            sums[1] += f * totals.customers();
            sums[2] += m * totals.customers();
            grid[r - 1][RfmScoring.fmScore(f, m) - 1] += totals.customers();
            recencyFrequency[r - 1][f - 1] += totals.customers();
            all = all.plus(totals);
        }
        List<RfmGroupsView.GroupStatistics> groups = new ArrayList<>();
        for (RfmScoring.Group group : RfmScoring.Group.values()) {
            SegmentStats totals = byGroup.getOrDefault(group, SegmentStats.EMPTY);
            long[] sums = scoreSums.getOrDefault(group, new long[3]);
            long n = totals.customers();
            groups.add(new RfmGroupsView.GroupStatistics(group.id(), group.displayName(), group.action(), n,
                    share(n, all.customers()), Money.fromCents(totals.monetaryCentsSum()),
                    share(totals.monetaryCentsSum(), all.monetaryCentsSum()), round2(totals.meanRecencyDays(asOf)),
                    round2(totals.meanFrequency()), totals.meanMonetary(), n == 0 ? 0 : round2((double) sums[0] / n),
                    n == 0 ? 0 : round2((double) sums[1] / n), n == 0 ? 0 : round2((double) sums[2] / n)));
        }
        return new RfmGroupsView(versions.isEmpty() ? null : versions.last(), asOf, edges, all.customers(),
                Money.fromCents(all.monetaryCentsSum()), instances, versions.size() <= 1, uncertain, groups, grid,
                recencyFrequency);
    }

    /** Revenue concentration across all instances, from their spend histograms. */
    public Answer concentration() {
        if (!metadata.running()) {
            return queries.notRunning();
        }
        List<MarketingTotalsReport> reports;
        try {
            reports = everyInstance(now());
        } catch (PeerQueries.IncompleteAnswerException e) {
            return queries.unavailable(e.getMessage());
        }
        Map<Integer, SegmentStats> spend = new TreeMap<>(Comparator.reverseOrder());
        for (MarketingTotalsReport report : reports) {
            report.spend().forEach((bucket, totals) -> spend.merge(bucket, totals, SegmentStats::plus));
        }
        return Answer.found(concentrationView(spend, reports.size()));
    }

    /** @param spend per bucket, highest spend first */
    static ConcentrationView concentrationView(Map<Integer, SegmentStats> spend, int instances) {
        long customers = 0;
        long cents = 0;
        for (SegmentStats totals : spend.values()) {
            customers += totals.customers();
            cents += totals.monetaryCentsSum();
        }
        List<ConcentrationView.Share> top = new ArrayList<>();
        for (double share : TOP_SHARES) {
            top.add(topShare(spend, customers, cents, share));
        }
        List<ConcentrationView.Share> curve = new ArrayList<>();
        for (int p = 0; p <= 100; p++) {
            curve.add(topShare(spend, customers, cents, p / 100.0));
        }
        String headline = customers == 0 || cents == 0 ? "No revenue yet."
                : String.format(Locale.ROOT, "The top 20 %% of customers bring %.1f %% of revenue.",
                        100 * top.get(2).revenueShare());
        return new ConcentrationView(customers, Money.fromCents(cents), instances, SpendBuckets.RATIO, top, curve,
                headline);
    }

    /**
     * The revenue share of the top {@code share} of customers: whole buckets from the top, then the part of the
     * bucket the cut falls into, valued at that bucket's mean spend. The error bound comes from that bucket's
     * bounds: its top x customers spend between max(x·low, S − (c−x)·high) and min(x·high, S − (c−x)·low).
     */
    private static ConcentrationView.Share topShare(Map<Integer, SegmentStats> spend, long customers, long cents,
                                                    double share) {
        if (customers == 0 || cents == 0) {
            return new ConcentrationView.Share(share, 0, 0);
        }
        double wanted = share * customers;
        double taken = 0;
        double revenue = 0;
        double error = 0;
        for (Map.Entry<Integer, SegmentStats> entry : spend.entrySet()) {
            long count = entry.getValue().customers();
            double sum = entry.getValue().monetaryCentsSum();
            if (taken + count <= wanted) {
                taken += count;
                revenue += sum;
                continue;
            }
            double x = wanted - taken;
            if (x > 0) {
                double low = SpendBuckets.low(entry.getKey());
                double high = SpendBuckets.high(entry.getKey());
                double estimate = x * sum / count;
                double least = Math.max(x * low, sum - (count - x) * high);
                double most = Math.min(x * high, sum - (count - x) * low);
                error = Math.max(Math.max(estimate - least, most - estimate), 0);
                revenue += estimate;
            }
            break;
        }
        return new ConcentrationView.Share(share, Math.min(1, revenue / cents), error / cents);
    }

    // ---- CSV -------------------------------------------------------------------------------------------------

    /** The ids a {@code group=} filter accepts. */
    public static final List<String> GROUP_IDS = java.util.Arrays.stream(RfmScoring.Group.values())
            .map(RfmScoring.Group::id).toList();

    /**
     * Checks the CSV's filters before anything is streamed; null when the export may start.
     *
     * @throws IllegalArgumentException for a group that does not exist (the caller's bad request)
     */
    public Answer checkCsv(String segment, String group) {
        if (group != null && RfmScoring.Group.ofId(group) == null) {
            throw new IllegalArgumentException("group must be one of " + GROUP_IDS + ", but is '" + group + "'.");
        }
        if (segment != null) {
            var current = scorer.get();
            if (current == null || current.segments().stream().noneMatch(s -> s.id().equals(segment))) {
                return Answer.notFound("No segment with id '" + segment + "' in the current model.");
            }
        }
        if (group != null && edges() == null) {
            return Answer.notFound("No model with RFM score edges is in force yet, so no customer has a group.");
        }
        if (!metadata.running()) {
            return queries.notRunning();
        }
        return null;
    }

    private RfmScoring.Edges edges() {
        var current = scorer.get();
        return current == null ? null : current.model().rfm();
    }

    /**
     * Starts an export of every customer (of the segment, of the group, or all) in customer id order, recency and
     * RFM scores at {@code asOf}: reads every instance's first page, so an instance that cannot answer is refused
     * before anything is sent.
     *
     * @throws RuntimeException (an incomplete answer or an unreachable peer) if an instance cannot answer
     */
    public CsvExport openCsv(String segment, String group, Instant asOf) {
        CsvExport export = new CsvExport(group, asOf != null ? asOf : now(), edges());
        for (Host host : metadata.activeHosts()) {
            Cursor cursor = new Cursor(host, segment);
            cursor.fill();
            export.cursors.add(cursor);
        }
        return export;
    }

    /** Writes the whole CSV; see {@link #openCsv}. */
    public long writeCsv(String segment, String group, Instant asOf, OutputStream out) throws IOException {
        return openCsv(segment, group, asOf).writeTo(out, () -> { });
    }

    /** Something to run once the header is written (e.g. flushing, which sends the status and headers). */
    @FunctionalInterface
    public interface Committer {
        void commit() throws IOException;
    }

    /** An export under way: at most one page per instance in memory. */
    public final class CsvExport {
        private final String group;
        private final Instant at;
        private final RfmScoring.Edges edges;
        private final List<Cursor> cursors = new ArrayList<>();

        private CsvExport(String group, Instant at, RfmScoring.Edges edges) {
            this.group = group;
            this.at = at;
            this.edges = edges;
        }

        /**
         * @return the number of customers written
         * @throws RuntimeException if an instance stops answering midway (the caller cuts the response off, so a
         *                          partial file never looks complete)
         */
        public long writeTo(OutputStream out, Committer afterHeader) throws IOException {
            Writer writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out,
                    java.nio.charset.StandardCharsets.UTF_8), 64 * 1024);
            writer.write(String.join(",", CSV_HEADER));
            writer.write('\n');
            writer.flush();
            afterHeader.commit();
            long written = 0;
            StringBuilder line = new StringBuilder(256);
            while (true) {
                Cursor next = null;
                for (Cursor cursor : cursors) {
                    cursor.fill();
                    if (!cursor.buffer.isEmpty() && (next == null || cursor.buffer.peekFirst().customerId()
                            .compareTo(next.buffer.peekFirst().customerId()) < 0)) {
                        next = cursor;
                    }
                }
                if (next == null) {
                    break;
                }
                CustomerProfile profile = next.buffer.removeFirst();
                if (row(profile, line)) {
                    writer.append(line);
                    written++;
                }
            }
            writer.flush();
            return written;
        }

        /** The customer's line, or false when the group filter leaves them out. */
        private boolean row(CustomerProfile profile, StringBuilder line) {
            RfmScoring.Scores scores = edges == null || profile.lastPurchase() == null ? null
                    : RfmScoring.score(edges, profile.recencyDays(at), profile.frequency(),
                            profile.monetary() == null ? 0 : Money.toCents(profile.monetary()));
            if (group != null && (scores == null || !group.equals(scores.group()))) {
                return false;
            }
            line.setLength(0);
            field(line, profile.customerId()).append(',');
            field(line, profile.segment()).append(',');
            line.append(profile.recencyDays(at)).append(',').append(profile.frequency()).append(',');
            field(line, money(profile.monetary())).append(',');
            field(line, money(profile.refunded())).append(',');
            field(line, profile.firstPurchase()).append(',');
            field(line, profile.lastPurchase()).append(',');
            field(line, profile.segmentSince()).append(',');
            field(line, profile.modelVersion()).append(',');
            field(line, profile.nextReviewAt()).append(',');
            field(line, profile.updatedAt()).append(',');
            if (scores != null) {
                line.append(scores.r()).append(',').append(scores.f()).append(',').append(scores.m()).append(',')
                        .append(scores.rfmScore()).append(',').append(scores.group());
            } else {
                line.append(",,,,");
            }
            line.append('\n');
            return true;
        }
    }

    /** One instance's position in the export: its current page and where the next one starts. */
    private final class Cursor {
        private final Host host;
        private final String segment;
        private final Deque<CustomerProfile> buffer = new ArrayDeque<>();
        private String after;
        private boolean exhausted;

        Cursor(Host host, String segment) {
            this.host = host;
            this.segment = segment;
        }

        void fill() {
            if (!buffer.isEmpty() || exhausted) {
                return;
            }
            List<CustomerProfile> page = page();
            buffer.addAll(page);
            if (page.size() < CSV_PAGE) {
                exhausted = true;
            } else {
                after = page.getLast().customerId();
            }
        }

        private List<CustomerProfile> page() {
            if (host.equals(metadata.self())) {
                if (segment == null) {
                    return store.customerPage(after, CSV_PAGE);
                }
                Covered<List<CustomerProfile>> page = store.segmentPage(segment, after, CSV_PAGE);
                if (!page.complete()) {
                    throw new PeerQueries.IncompleteAnswerException("A partition of this instance cannot be read "
                            + "right now.");
                }
                return page.value();
            }
            String path = segment == null ? PeerPaths.internalCustomers(after, CSV_PAGE)
                    : PeerPaths.internalSegmentCustomers(segment, after, CSV_PAGE);
            PeerResponse response = peers.get(host, path);
            if (response.status() != 200) {
                throw new PeerQueries.IncompleteAnswerException("Instance " + host + " cannot answer right now "
                        + "(status " + response.status() + ").");
            }
            try {
                SegmentPageReport report = Json.mapper().readValue(response.body(), SegmentPageReport.class);
                if (!report.complete()) {
                    throw new PeerQueries.IncompleteAnswerException("A partition of instance " + host
                            + " cannot be read right now.");
                }
                return report.customers();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** This instance's page of all its customers, for {@link PeerPaths#INTERNAL_CUSTOMERS}. */
    public Answer localCustomerPage(String after, int limit) {
        if (!metadata.running()) {
            return queries.notRunning();
        }
        try {
            return Answer.found(new SegmentPageReport(metadata.self().toString(), store.customerPage(after, limit)));
        } catch (StoreUnavailableException e) {
            return queries.unavailable("The customers of " + metadata.self() + " are not queryable right now: "
                    + e.getMessage());
        }
    }

    private static StringBuilder field(StringBuilder line, Object value) {
        if (value == null) {
            return line;
        }
        String text = value.toString();
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            return line.append(text);
        }
        return line.append('"').append(text.replace("\"", "\"\"")).append('"');
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : Money.round(amount).toPlainString();
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
