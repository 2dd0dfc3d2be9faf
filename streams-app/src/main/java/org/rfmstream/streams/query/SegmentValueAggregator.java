package org.rfmstream.streams.query;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.rfmstream.schemas.value.CustomerValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per segment, the mean churn risk and the total predicted CLV of this instance's customers, for
 * {@code GET /api/segments}. Both move with time even when nobody buys, so they cannot be kept as running sums
 * like the RFM totals; instead a background scan evaluates every active customer at its own "now" and keeps the
 * result. A request reads the last result: O(segments), whatever the number of customers. The price is staleness:
 * the figures are as of the last scan ({@code valueAsOf} in the answer), at most one refresh interval plus one scan
 * old. A scan costs about 1-2 µs per customer on one background thread (seconds per million customers), never on
 * the stream thread.
 */
public final class SegmentValueAggregator {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentValueAggregator.class);

    private final LocalCustomerStore store;
    private final Supplier<ValueModel> scorer;
    private final Supplier<Instant> now;
    private volatile SegmentValueReport latest;

    /** @param scorer the current model's value scorer, or null when the model has none */
    public SegmentValueAggregator(LocalCustomerStore store, Supplier<ValueModel> scorer, Supplier<Instant> now) {
        this.store = store;
        this.scorer = scorer;
        this.now = now;
    }

    /** The last scan's figures; null before the first scan, or when the model in force has no value models. */
    public SegmentValueReport latest() {
        return latest;
    }

    /** Scans this instance's active customers once; a store that is not queryable keeps the previous result. */
    public void refresh() {
        ValueModel current = scorer.get();
        if (current == null) {
            latest = null;
            return;
        }
        long started = System.nanoTime();
        Instant asOf = now.get();
        Map<String, SegmentValue> sums = new HashMap<>();
        long[] bins = new long[SegmentValueReport.BINS];
        try {
            store.forEachProfile(profile -> {
                CustomerValue value = current.scorer().evaluate(profile, asOf);
                if (value != null) {
                    bins[SegmentValueReport.bin(value.churnRisk())]++;
                }
                if (value != null && profile.segment() != null) {
                    sums.merge(profile.segment(),
                            new SegmentValue(1, value.churnRisk(),
                                    value.predictedClv().movePointRight(2).longValueExact()),
                            SegmentValue::plus);
                }
            });
        } catch (StoreUnavailableException | InvalidStateStoreException e) {
            LOG.debug("segment values not refreshed, the store is not queryable: {}", e.getMessage());
            return;
        }
        latest = new SegmentValueReport(asOf, current.modelVersion(), Map.copyOf(sums),
                (System.nanoTime() - started) / 1_000_000, bins);
        LOG.debug("segment values refreshed as of {} in {} ms", asOf, latest.scanMillis());
    }
}
