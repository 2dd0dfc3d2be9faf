package org.rfmstream.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serde;
import org.rfmstream.bench.BenchException;
import org.rfmstream.bench.BenchOptions;
import org.rfmstream.bench.BenchReport;
import org.rfmstream.bench.Benchmark;
import org.rfmstream.bench.support.BenchBroker;
import org.rfmstream.bench.support.BenchData;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;
import org.rfmstream.schemas.TransactionType;
import org.rfmstream.streams.state.CustomerEvent;
import org.rfmstream.streams.state.CustomerState;
import org.rfmstream.streams.state.ReviewQueue;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The cost of an inactivity review tick with 1 % of N customers due, against a full scan of every customer, timed
 * and counted with the topology's own review queue ({@link ReviewQueue}, in memory), the profiles in RocksDB with
 * the topology's value codec ({@link CustomerState}) and the real scorer: the tick takes the due customers from the
 * time-ordered queue and touches only them; the scan reads and decodes every customer to find them. Both do the
 * same work per due customer (re-score, re-encode, write back, reschedule).
 */
public final class ReviewBench extends Benchmark {

    static final String NAME = "review";
    private static final Instant START = Instant.parse("2011-06-01T00:00:00Z");
    private static final int SPREAD_DAYS = 100;
    private static final long FAR_FUTURE = START.plus(Duration.ofDays(10_000)).toEpochMilli();
    private static final long RETENTION = Duration.ofDays(7).toMillis();
    /** Keeps the computed next review observable, so the JIT cannot drop its computation. */
    static volatile long sink;

    public ReviewBench() {
        super(NAME,
                "One inactivity review tick with 1 % of the customers due (taken from the time-ordered review queue) "
                        + "against a full scan of every customer, with the profiles on RocksDB in the topology's codec.");
    }

    @Override
    public BenchReport run(BenchOptions options, Progress progress) {
        RocksDB.loadLibrary();
        int customers = options.reviewCustomers();
        BenchReport.Builder report = report();
        report.parameter("customers", customers)
                .parameter("dueShare", 0.01)
                .parameter("reviewsSpreadOverDays", SPREAD_DAYS)
                .parameter("runs", options.runs())
                .parameter("warmUpRuns", 1);
        SegmentModel model = BenchData.model(1);
        SegmentScorer scorer = SegmentScorer.of(model);
        Path dir = options.workDir().resolve(NAME);
        BenchBroker.deleteRecursively(dir);
        try (Options dbOptions = new Options().setCreateIfMissing(true);
             WriteOptions noWal = new WriteOptions().setDisableWAL(true);
             RocksDB tickProfiles = open(dbOptions, dir.resolve("tick-profiles"));
             RocksDB scanProfiles = open(dbOptions, dir.resolve("scan-profiles"))) {
            progress.say("writing %,d customers", customers);
            ReviewQueue schedule = new ReviewQueue();
            load(customers, scorer, tickProfiles, schedule, scanProfiles, noWal);
            for (int run = 0; run <= options.runs(); run++) {
                // each run's "now" is one day later: the customers whose review falls in that day are due
                long now = START.plus(Duration.ofDays(run + 1)).toEpochMilli();
                long tickStarted = System.nanoTime();
                long[] tick = tick(now, scorer, model.version(), tickProfiles, schedule, noWal);
                long tickNanos = System.nanoTime() - tickStarted;
                long scanStarted = System.nanoTime();
                long[] scan = fullScan(now, scorer, model.version(), scanProfiles, noWal);
                long scanNanos = System.nanoTime() - scanStarted;
                if (tick[0] != scan[0]) {
                    throw new BenchException("tick and full scan disagree on the due customers: " + tick[0] + " vs "
                            + scan[0]);
                }
                if (run == 0) {
                    continue; // warm-up: JIT and caches
                }
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("dueCustomers", (double) tick[0]);
                figures.put("tick.millis", tickNanos / 1e6);
                figures.put("tick.customersRead", (double) tick[1]);
                figures.put("fullScan.millis", scanNanos / 1e6);
                figures.put("fullScan.customersRead", (double) scan[1]);
                figures.put("ratio.tickToFullScan", tickNanos / (double) scanNanos);
                figures.put("ratio.readsTickToFullScan", tick[1] / (double) scan[1]);
                progress.say("run %d: %,d due: tick %.1f ms (%,d read), full scan %.1f ms (%,d read), ratio %.4f", run,
                        tick[0], tickNanos / 1e6, tick[1], scanNanos / 1e6, scan[1], tickNanos / (double) scanNanos);
                report.run(figures);
            }
        } catch (RocksDBException e) {
            throw new BenchException("RocksDB failed: " + e.getMessage(), e);
        } finally {
            BenchBroker.deleteRecursively(dir);
        }
        report.note("Timed in one JVM on local RocksDB without Kafka Streams' record cache and changelog: those add "
                + "the same cost per due customer to both ways, and the scan's cost is in reading and decoding every "
                + "customer, which they do not change.");
        report.note("Reviews are spread uniformly over " + SPREAD_DAYS + " days, so each day 1 % are due; a reviewed "
                + "customer is rescheduled far ahead so that the runs' due sets do not overlap. One warm-up run first.");
        Map<String, Double> median = report.median();
        return report.build(List.of(BenchReport.Target.atMost("tick with 1 % due ≤ 0.05 × full scan",
                "ratio.tickToFullScan", 0.05, median, "ratio")));
    }

    private static RocksDB open(Options options, Path dir) throws RocksDBException {
        java.io.File file = dir.toFile();
        if (!file.mkdirs() && !file.isDirectory()) {
            throw new BenchException("cannot create " + dir);
        }
        return RocksDB.open(options, dir.toString());
    }

    private static void load(int customers, SegmentScorer scorer, RocksDB tickProfiles, ReviewQueue schedule,
                             RocksDB scanProfiles, WriteOptions noWal) throws RocksDBException {
        Serde<CustomerState> serde = CustomerState.serde();
        SplittableRandom random = new SplittableRandom(BenchData.SEED);
        long startMillis = START.toEpochMilli();
        long spread = Duration.ofDays(SPREAD_DAYS).toMillis();
        WriteBatch tickBatch = new WriteBatch();
        WriteBatch scanBatch = new WriteBatch();
        for (int i = 0; i < customers; i++) {
            String id = "R" + i;
            CustomerState state = new CustomerState();
            int purchases = 1 + random.nextInt(3);
            long at = startMillis - Duration.ofDays(1 + random.nextInt(300)).toMillis();
            for (int p = 0; p < purchases; p++) {
                at += random.nextInt(1_000_000);
                CustomerEvent event = new CustomerEvent("e" + i + "-" + p, id, TransactionType.PURCHASE, at,
                        500 + random.nextInt(50_000));
                state.apply(event);
                state.remember(event, RETENTION);
            }
            // the review instant is drawn, not computed, so that exactly the share wanted is due each day
            long reviewAt = startMillis + 1 + (long) (random.nextDouble() * (spread - 1));
            state.assign(scorer.nearest(state.rfm(at)).id(), at, 1, Instant.ofEpochMilli(reviewAt));
            state.touched(at);
            byte[] key = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] value = serde.serializer().serialize(null, state);
            tickBatch.put(key, value);
            scanBatch.put(key, value);
            schedule.add(reviewAt, id);
            if (tickBatch.count() == 10_000) {
                tickProfiles.write(noWal, tickBatch);
                scanProfiles.write(noWal, scanBatch);
                tickBatch.clear();
                scanBatch.clear();
            }
        }
        tickProfiles.write(noWal, tickBatch);
        scanProfiles.write(noWal, scanBatch);
        tickBatch.close();
        scanBatch.close();
        for (RocksDB db : List.of(tickProfiles, scanProfiles)) {
            db.compactRange(); // as a long-running store would be: in sorted files, not in memtables
        }
    }

    /** Takes the reviews due by {@code now} from the queue; returns {due, customers read}. */
    private static long[] tick(long now, SegmentScorer scorer, long version, RocksDB profiles, ReviewQueue schedule,
                               WriteOptions noWal) throws RocksDBException {
        Serde<CustomerState> serde = CustomerState.serde();
        List<ReviewQueue.Review> due = schedule.due(now, Integer.MAX_VALUE);
        long reviewed = 0;
        try (WriteBatch profileWrites = new WriteBatch()) {
            for (ReviewQueue.Review review : due) {
                byte[] idBytes = review.customerId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                CustomerState state = serde.deserializer().deserialize(null, profiles.get(idBytes));
                schedule.remove(review.atMillis(), review.customerId());
                if (state == null || state.nextReviewAtMillis() != review.atMillis()) {
                    continue; // stale entry
                }
                review(state, now, scorer, version);
                profileWrites.put(idBytes, serde.serializer().serialize(null, state));
                schedule.add(state.nextReviewAtMillis(), review.customerId());
                reviewed++;
            }
            profiles.write(noWal, profileWrites);
        }
        return new long[] {reviewed, due.size()};
    }

    /** Reads and decodes every customer; returns {due, customers read}. */
    private static long[] fullScan(long now, SegmentScorer scorer, long version, RocksDB profiles, WriteOptions noWal)
            throws RocksDBException {
        Serde<CustomerState> serde = CustomerState.serde();
        long reviewed = 0;
        long read = 0;
        try (WriteBatch writes = new WriteBatch(); RocksIterator entries = profiles.newIterator()) {
            for (entries.seekToFirst(); entries.isValid(); entries.next()) {
                read++;
                CustomerState state = serde.deserializer().deserialize(null, entries.value());
                if (state.hasReview() && state.nextReviewAtMillis() <= now) {
                    review(state, now, scorer, version);
                    writes.put(entries.key(), serde.serializer().serialize(null, state));
                    reviewed++;
                }
            }
            profiles.write(noWal, writes);
        }
        return new long[] {reviewed, read};
    }

    /** What a review does to a due customer: re-score at "now", compute the next review. */
    private static void review(CustomerState state, long now, SegmentScorer scorer, long version) {
        var rfm = state.rfm(now);
        SegmentModel.Segment segment = scorer.nearest(rfm);
        Instant next = scorer.nextReviewAt(state.lastPurchase(), rfm.frequency(), rfm.monetary(),
                Instant.ofEpochMilli(now));
        sink += next == null ? 1 : next.getEpochSecond();
        // rescheduled far ahead (not at the computed instant) so that later runs see only their own day's customers
        state.assign(segment.id(), now, version, Instant.ofEpochMilli(FAR_FUTURE));
        state.touched(now);
    }
}
