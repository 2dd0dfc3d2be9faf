package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.rfmstream.streams.topology.SegmentModelFixtures.firstDayCloserTo;
import static org.rfmstream.streams.topology.SegmentModelFixtures.loyalAtRiskLost;

import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.errors.DeadLetters;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.state.CustomerState;
import org.rfmstream.streams.state.MarketingTotals;
import org.rfmstream.streams.state.SegmentMembers;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.streams.state.SegmentStatsStore;
import org.rfmstream.streams.state.StoreNames;

/**
 * An erasure request removes the customer from every store of the task and from {@code customer-profiles}, and
 * takes them out of their segment with one {@code ERASURE} change; each store and topic has its own test.
 */
class ErasureTest {

    private static final Instant T0 = Instant.parse("2011-03-01T10:00:00Z");
    /** Erasures are requested today, long after the purchases (which are history). */
    private static final Instant REQUESTED = Instant.parse("2026-12-06T09:00:00Z");

    private SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    /** Two customers in the loyal segment; c1 is the one the tests erase, c2 must stay as it is. */
    private void twoLoyalCustomers() {
        app.publishModel(loyalAtRiskLost(1));
        app.purchase("c1", "e1", T0, "100.00");
        app.purchase("c2", "e2", T0.plusSeconds(60), "100.00");
        app.purchase("c1", "e3", T0.plusSeconds(120), "50.00");
    }

    @Test
    void theProfileStoreForgetsTheCustomerAndItsChangelogGetsATombstone() {
        twoLoyalCustomers();
        app.profileChangelog();

        app.erase("c1", REQUESTED);

        assertThat(app.profileStore().get("c1")).isEmpty();
        assertThat(app.profileStore().get("c2")).isPresent();
        assertThat(app.profileChangelog()).extracting(TestRecord::key, TestRecord::value)
                .containsExactly(tuple("c1", null));
    }

    @Test
    void customerProfilesGetsATombstoneSoCompactionDeletesTheLastProfile() {
        twoLoyalCustomers();
        app.profiles.readRecordsToList();

        app.erase("c1", REQUESTED);

        List<TestRecord<String, CustomerProfile>> written = app.profiles.readRecordsToList();
        assertThat(written).extracting(TestRecord::key, TestRecord::value).containsExactly(tuple("c1", null));
    }

    @Test
    void oneErasureChangeTakesTheCustomerOutOfTheirLastSegmentAndKeepsTheChainWhole() {
        twoLoyalCustomers();
        long atRiskDay = firstDayCloserTo(5, 60);
        Instant atRiskAt = T0.plus(Duration.ofDays(atRiskDay));
        app.purchase("c2", "e4", atRiskAt.plus(Duration.ofDays(1)), "1.00"); // c1 turns at-risk by inactivity on the way
        List<SegmentChange> before = app.changes().stream().filter(c -> c.customerId().equals("c1")).toList();
        assertThat(before).extracting(SegmentChange::segment).containsExactly("loyal", "at-risk");

        app.erase("c1", REQUESTED);

        List<SegmentChange> changes = app.changes();
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.customerId()).isEqualTo("c1");
            assertThat(change.previousSegment()).isEqualTo("at-risk");
            assertThat(change.segment()).isNull();
            assertThat(change.reason()).isEqualTo(ChangeReason.ERASURE);
            assertThat(change.modelVersion()).isEqualTo(1);
            assertThat(change.eventId()).isNull();
            assertThat(change.rfm()).as("nothing about the person").isNull();
        });
        assertThat(changes.getFirst().at()).isAfterOrEqualTo(before.getLast().at());
        assertThat(app.registry.find(SegmentationMetrics.SEGMENT_CHANGES).tag("reason", "ERASURE")
                .tag("segment", SegmentationMetrics.NO_SEGMENT).counter().count()).isEqualTo(1);
    }

    @Test
    void anErasureRequestedTodayLeavesTheEventClockOfAHistoricalReplayAlone() {
        twoLoyalCustomers();
        app.changes();

        app.erase("c1", REQUESTED);

        // no review of c2 ran at the request's time: c2 is as loyal as before, and nothing else was emitted
        assertThat(app.changes()).extracting(SegmentChange::customerId).containsExactly("c1");
        assertThat(app.profile("c2").segment()).isEqualTo("loyal");
        assertThat(app.profile("c2").updatedAt()).isBefore(T0.plus(Duration.ofDays(1)));
    }

    @Test
    void aCustomerInNoSegmentIsErasedWithoutASegmentChange() {
        app.purchase("c1", "e1", T0, "100.00"); // no model yet: no segment, nothing was ever emitted for c1

        app.erase("c1", REQUESTED);

        assertThat(app.profileStore().get("c1")).isEmpty();
        assertThat(app.profiles.readRecordsToList()).extracting(TestRecord::key, TestRecord::value)
                .endsWith(tuple("c1", null));
        assertThat(app.changes()).isEmpty();
        assertThat(erasures(SegmentationMetrics.ERASURE_ERASED)).isEqualTo(1);
    }

    @Test
    void theDedupMemoryForgetsTheCustomersEventIds() {
        twoLoyalCustomers();

        app.erase("c1", REQUESTED);
        // the same event id again is no duplicate any more: it is the first purchase of a new customer
        app.purchase("c1", "e3", T0.plus(Duration.ofDays(1)), "50.00");

        assertThat(app.events("duplicate")).isZero();
        CustomerProfile renewed = app.profile("c1");
        assertThat(renewed.frequency()).isEqualTo(1);
        assertThat(renewed.monetary()).isEqualByComparingTo("50.00");
        assertThat(renewed.firstPurchase()).isEqualTo(T0.plus(Duration.ofDays(1)));
    }

    @Test
    void aLaterTransactionStartsANewCustomerWhoseChainBeginsAfresh() {
        twoLoyalCustomers();
        app.erase("c1", REQUESTED);
        app.changes();

        app.purchase("c1", "e9", T0.plus(Duration.ofDays(2)), "7.00");

        assertThat(app.changes()).extracting(SegmentChange::previousSegment, SegmentChange::segment,
                SegmentChange::reason).containsExactly(tuple(null, "loyal", ChangeReason.PURCHASE));
        CustomerProfile renewed = app.profile("c1");
        assertThat(renewed.frequency()).isEqualTo(1);
        assertThat(renewed.monetary()).isEqualByComparingTo("7.00");
        assertThat(renewed.refunded()).isEqualByComparingTo("0.00");
    }

    @Test
    void theSegmentTotalsNoLongerCountTheCustomer() {
        twoLoyalCustomers();
        assertThat(totals().get("loyal").customers()).isEqualTo(2);

        app.erase("c1", REQUESTED);

        CustomerProfile c2 = app.profile("c2");
        assertThat(totals()).containsExactly(Map.entry("loyal", SegmentStats.ofCustomer(c2.frequency(),
                c2.monetary().movePointRight(2).longValueExact(), c2.lastPurchase().toEpochMilli())));
        assertThat(app.registry.find(SegmentationMetrics.CUSTOMERS).tag("segment", "loyal").gauge().value())
                .isEqualTo(1);
    }

    @Test
    void theSegmentTotalsOfTheLastCustomerOfASegmentAreRemoved() {
        app.publishModel(loyalAtRiskLost(1));
        app.purchase("c1", "e1", T0, "100.00");

        app.erase("c1", REQUESTED);

        assertThat(totals()).isEmpty();
    }

    @Test
    void theMarketingTotalsNoLongerCountTheCustomer() {
        twoLoyalCustomers();
        assertThat(spendCustomers()).isEqualTo(2);

        app.erase("c1", REQUESTED);

        assertThat(spendCustomers()).isEqualTo(1);
    }

    @Test
    void theMembershipIndexNoLongerListsTheCustomer() {
        twoLoyalCustomers();
        assertThat(members()).containsExactly("loyal/c1", "loyal/c2");

        app.erase("c1", REQUESTED);

        assertThat(members()).containsExactly("loyal/c2");
    }

    @Test
    void theReviewQueueNoLongerHoldsTheCustomer() {
        app.publishModel(loyalAtRiskLost(1));
        app.purchase("c1", "e1", T0, "100.00");
        app.purchase("c2", "e2", T0.plus(Duration.ofDays(1)), "100.00");
        Instant c1Review = app.profile("c1").nextReviewAt();
        assertThat(c1Review).isNotNull().isBefore(app.profile("c2").nextReviewAt().minusSeconds(1));
        app.erase("c1", REQUESTED);
        app.changes();
        double visitsBefore = app.counter(SegmentationMetrics.REVIEW_VISITS);

        // time passes c1's review instant (but not c2's): nobody is due, so nobody is read
        app.purchase("c3", "e5", c1Review.plusSeconds(1), "100.00");

        assertThat(app.counter(SegmentationMetrics.REVIEW_VISITS) - visitsBefore).isZero();
        assertThat(app.changes()).extracting(SegmentChange::customerId).containsExactly("c3");
        assertThat(app.profileStore().get("c1")).isEmpty();
    }

    @Test
    void aRescoringPassThatStoppedAtTheErasedCustomerResumesWithTheOthersAndForgetsTheId() {
        app.close();
        app = new SegmentationDriver(SegmentationOptions.defaults().withBatchSizes(100, 2));
        app.publishModel(loyalAtRiskLost(1));
        for (String id : List.of("a", "b", "c", "d", "e")) {
            app.purchase(id, "e-" + id, T0, "100.00");
        }
        app.changes();
        // a new model whose pass re-scores two customers per tick: the first tick does a and b, and stops at b
        app.publishModel(SegmentModelFixtures.byRecency(2, "new", 0, "old", 1000));
        assertThat(progress().get(SegmentationProcessor.RESCORE_AFTER)).isEqualTo("b");

        app.erase("b", REQUESTED);

        assertThat(progress().get(SegmentationProcessor.RESCORE_AFTER)).isEqualTo("a");
        app.tickWallClock();
        app.tickWallClock();
        assertThat(app.changes()).filteredOn(change -> change.reason() == ChangeReason.MODEL_UPDATE)
                .extracting(SegmentChange::customerId).containsExactly("a", "b", "c", "d", "e");
        assertThat(progress().get(SegmentationProcessor.RESCORE_AFTER)).isNull();
    }

    @Test
    void anUnknownCustomerIsCountedAndNothingElseHappens() {
        twoLoyalCustomers();
        app.changes();
        app.profiles.readRecordsToList();
        app.profileChangelog();

        app.erase("nobody", REQUESTED);

        assertThat(erasures(SegmentationMetrics.ERASURE_UNKNOWN)).isEqualTo(1);
        assertThat(erasures(SegmentationMetrics.ERASURE_ERASED)).isZero();
        assertThat(app.changes()).isEmpty();
        assertThat(app.profiles.readRecordsToList()).isEmpty();
        assertThat(app.profileChangelog()).isEmpty();
        assertThat(totals().get("loyal").customers()).isEqualTo(2);
    }

    @Test
    void erasingTwiceErasesOnceAndCountsTheSecondAsUnknown() {
        twoLoyalCustomers();
        app.changes();

        app.erase("c1", REQUESTED);
        app.erase("c1", REQUESTED.plusSeconds(1));

        assertThat(app.changes()).hasSize(1);
        assertThat(erasures(SegmentationMetrics.ERASURE_ERASED)).isEqualTo(1);
        assertThat(erasures(SegmentationMetrics.ERASURE_UNKNOWN)).isEqualTo(1);
    }

    @Test
    void aRequestWithoutAKeyOrWithABadValueGoesToTheDeadLetterQueueWithItsReason() {
        twoLoyalCustomers();
        byte[] good = "{\"requestedAt\":\"2026-12-06T09:00:00Z\"}".getBytes(StandardCharsets.UTF_8);

        app.sendErasure(null, good, REQUESTED);
        app.sendErasure(" ".getBytes(StandardCharsets.UTF_8), good, REQUESTED);
        app.sendErasure(bytes("c1"), bytes("{not json"), REQUESTED);
        app.sendErasure(bytes("c1"), bytes("{\"reason\":\"no time\"}"), REQUESTED);

        List<String> reasons = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (TestRecord<byte[], byte[]> dead : app.dlq.readRecordsToList()) {
            reasons.add(header(dead, DeadLetters.ERROR_REASON));
            sources.add(header(dead, DeadLetters.SOURCE_TOPIC));
        }
        assertThat(reasons).containsExactly("missing-key", "missing-key", "malformed-json", "missing-field");
        assertThat(sources).containsOnly(app.options.topics().customerErasures());
        assertThat(erasures(SegmentationMetrics.ERASURE_INVALID)).isEqualTo(4);
        assertThat(app.profileStore().get("c1")).isPresent();
    }

    @Test
    void aTombstoneOnTheErasureTopicOnlyClearsTheRequestAndErasesNothing() {
        twoLoyalCustomers();

        app.sendErasure(bytes("c1"), null, REQUESTED);

        assertThat(app.profileStore().get("c1")).isPresent();
        assertThat(app.dlq.readRecordsToList()).isEmpty();
        assertThat(erasures(SegmentationMetrics.ERASURE_ERASED) + erasures(SegmentationMetrics.ERASURE_UNKNOWN)
                + erasures(SegmentationMetrics.ERASURE_INVALID)).isZero();
    }

    // ---- helpers

    private Map<String, SegmentStats> totals() {
        return new SegmentStatsStore(app.driver.getKeyValueStore(StoreNames.SEGMENT_STATS)).totals();
    }

    /** The membership index as "segment/customer" entries, in index order. */
    private List<String> members() {
        KeyValueStore<Bytes, byte[]> store = app.store(StoreNames.SEGMENT_MEMBERS);
        List<String> members = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> {
                String key = new String(entry.key.get(), StandardCharsets.UTF_8);
                members.add(key.substring(0, key.indexOf('\0')) + "/" + SegmentMembers.customerId(entry.key));
            });
        }
        return members;
    }

    /** Customers in the spend histogram of the marketing totals (it needs no model edges). */
    private long spendCustomers() {
        KeyValueStore<String, byte[]> store = app.store(StoreNames.MARKETING_TOTALS);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            return MarketingTotals.evaluate(all, T0.toEpochMilli()).spend().values().stream()
                    .mapToLong(SegmentStats::customers).sum();
        }
    }

    private KeyValueStore<String, String> progress() {
        return app.store(StoreNames.PROGRESS);
    }

    private double erasures(String result) {
        Counter counter = app.registry.find(SegmentationMetrics.ERASURES).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
