package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.streams.query.SpendBuckets;
import org.rfmstream.streams.state.CustomerState;
import org.rfmstream.streams.state.MarketingTotals;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.streams.state.StoreNames;

/** The RFM cells and the spend histogram the topology keeps must equal a scan of the profiles, at any instant. */
class MarketingTotalsTest {

    private static final Instant T0 = Instant.parse("2011-03-01T10:00:00Z");
    private static final RfmScoring.Edges EDGES = new RfmScoring.Edges(List.of(3L, 10L, 30L, 90L),
            List.of(1L, 1L, 2L, 3L), List.of(new BigDecimal("10.00"), new BigDecimal("20.00"),
                    new BigDecimal("50.00"), new BigDecimal("100.00")));
    private static final RfmScoring.Edges OTHER_EDGES = new RfmScoring.Edges(List.of(1L, 2L, 5L, 8L),
            List.of(1L, 2L, 3L, 4L), List.of(new BigDecimal("5.00"), new BigDecimal("15.00"),
                    new BigDecimal("25.00"), new BigDecimal("35.00")));

    private final SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void cellsAndSpendAreTheSumsOfAScanAtAnyInstantAndFollowNewEdges() {
        app.publishModel(SegmentModelFixtures.loyalAtRiskLost(1).withRfm(EDGES));
        app.purchase("c1", "e1", T0, "10.00");
        app.purchase("c2", "e2", T0.plus(Duration.ofHours(30)), "20.50");
        app.purchase("c1", "e3", T0.plus(Duration.ofDays(2)), "5.25");
        app.refund("c2", "r1", T0.plus(Duration.ofDays(3)), "0.50");
        app.purchase("c3", "e4", T0.plus(Duration.ofDays(40)), "70.00");
        app.purchase("c4", "e5", T0.plus(Duration.ofDays(50)), "1.00");
        app.purchase("c4", "e6", T0.plus(Duration.ofDays(51)), "300.00");
        app.refund("c5", "r2", T0.plus(Duration.ofDays(51)), "3.00"); // refunds only: not a customer with purchases
        app.tickWallClock();

        // every purchase here happens at 10:00 or 16:00 and `at` is at 23:00 (counted as after a midday purchase):
        // whole days since each last purchase are known exactly from its day
        for (Instant at : List.of(T0.plus(Duration.ofHours(51 * 24 + 13)), T0.plus(Duration.ofHours(60 * 24 + 13)),
                T0.plus(Duration.ofHours(200 * 24 + 13)))) {
            MarketingTotals.Evaluation evaluation = evaluate(at);
            assertThat(evaluation.edges().modelVersion()).isEqualTo(1);
            assertThat(evaluation.cells()).as("cells at %s", at).isEqualTo(scanCells(EDGES, at));
        }
        assertThat(evaluate(T0.plus(Duration.ofDays(60))).spend()).isEqualTo(scanSpend());

        app.publishModel(SegmentModelFixtures.loyalAtRiskLost(2).withRfm(OTHER_EDGES));
        app.tickWallClock();
        Instant at = T0.plus(Duration.ofHours(52 * 24 + 13));
        assertThat(evaluate(at).edges().modelVersion()).isEqualTo(2);
        assertThat(evaluate(at).cells()).isEqualTo(scanCells(OTHER_EDGES, at));
        assertThat(evaluate(at).spend()).isEqualTo(scanSpend());
    }

    @Test
    void aLastPurchaseOnAnEdgeDayIsCountedAsUncertain() {
        app.publishModel(SegmentModelFixtures.loyalAtRiskLost(1).withRfm(EDGES));
        app.purchase("c1", "e1", Instant.parse("2011-03-01T20:00:00Z"), "10.00");
        app.tickWallClock();

        // 4 days later at 08:00: the purchase was 3 whole days ago (R 5) if it happened before 08:00, else 3 (still 3
        // days: 3.5 days floor to 3); at 21:00 it is 4 days ago (R 4)
        MarketingTotals.Evaluation morning = evaluate(Instant.parse("2011-03-05T08:00:00Z"));
        assertThat(morning.uncertainR()).isEqualTo(1);
        assertThat(morning.cells()).containsOnlyKeys("511"); // counted as bought at midday: 3 days ago
        MarketingTotals.Evaluation evening = evaluate(Instant.parse("2011-03-05T21:00:00Z"));
        assertThat(evening.cells()).containsOnlyKeys("411");
        assertThat(evaluate(Instant.parse("2011-03-20T08:00:00Z")).uncertainR()).isZero();
    }

    @Test
    void anErasedCustomerLeavesTheTotals() {
        app.publishModel(SegmentModelFixtures.loyalAtRiskLost(1).withRfm(EDGES));
        app.purchase("c1", "e1", T0, "10.00");
        app.purchase("c2", "e2", T0.plus(Duration.ofDays(1)), "500.00");
        app.tickWallClock();

        app.erase("c2", T0.plus(Duration.ofDays(2)));

        Instant at = T0.plus(Duration.ofHours(3 * 24 + 13));
        assertThat(purchasers()).extracting(CustomerProfile::customerId).containsExactly("c1");
        assertThat(evaluate(at).cells()).isEqualTo(scanCells(EDGES, at));
        assertThat(evaluate(at).spend()).isEqualTo(scanSpend());
    }

    @Test
    void withoutEdgesOnlyTheSpendHistogramIsKept() {
        app.purchase("c1", "e1", T0, "10.00");
        app.publishModel(SegmentModelFixtures.loyalAtRiskLost(1));
        app.tickWallClock();

        MarketingTotals.Evaluation evaluation = evaluate(T0);
        assertThat(evaluation.edges()).isNull();
        assertThat(evaluation.cells()).isEmpty();
        assertThat(evaluation.spend()).isEqualTo(scanSpend());
    }

    private MarketingTotals.Evaluation evaluate(Instant at) {
        KeyValueStore<String, byte[]> store = app.driver.getKeyValueStore(StoreNames.MARKETING_TOTALS);
        List<KeyValue<String, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entries::add);
        }
        return MarketingTotals.evaluate(entries.iterator(), at.toEpochMilli());
    }

    private Map<String, SegmentStats> scanCells(RfmScoring.Edges edges, Instant at) {
        Map<String, SegmentStats> cells = new HashMap<>();
        for (CustomerProfile p : purchasers()) {
            long cents = Money.toCents(p.monetary());
            cells.merge(RfmScoring.score(edges, p.recencyDays(at), p.frequency(), cents).rfmScore(),
                    new SegmentStats(1, p.frequency(), cents, p.lastPurchase().getEpochSecond()),
                    SegmentStats::plus);
        }
        return cells;
    }

    private Map<Integer, SegmentStats> scanSpend() {
        Map<Integer, SegmentStats> spend = new HashMap<>();
        for (CustomerProfile p : purchasers()) {
            long cents = Money.toCents(p.monetary());
            spend.merge(SpendBuckets.of(cents), new SegmentStats(1, 0, cents, 0),
                    SegmentStats::plus);
        }
        return spend;
    }

    private List<CustomerProfile> purchasers() {
        KeyValueStore<String, CustomerState> store = app.driver.getKeyValueStore(StoreNames.PROFILES);
        List<CustomerProfile> purchasers = new ArrayList<>();
        try (KeyValueIterator<String, CustomerState> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.hasPurchased()) {
                    purchasers.add(entry.value.toProfile(entry.key));
                }
            });
        }
        assertThat(purchasers).isNotEmpty();
        return purchasers;
    }
}
