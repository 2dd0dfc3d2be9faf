package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.rfmstream.streams.topology.SegmentModelFixtures.firstDayCloserTo;
import static org.rfmstream.streams.topology.SegmentModelFixtures.loyalAtRiskLost;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.metrics.SegmentationMetrics;

class InactivityTest {

    private static final Instant T0 = Instant.parse("2011-03-01T10:00:00Z");
    /** loyal (5 days) → at-risk (60 days) → lost (300 days): the whole days at which recency crosses over. */
    private static final long AT_RISK_DAY = firstDayCloserTo(5, 60);
    private static final long LOST_DAY = firstDayCloserTo(60, 300);

    private SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    /**
     * Moves the event clock forward without touching any customer under test: an accepted refund of a customer who
     * never bought has no segment and no review.
     */
    private void eventClockReaches(Instant instant) {
        app.refund("clock", "tick-" + instant, instant, "1.00");
    }

    private List<SegmentChange> changesOf(String customerId) {
        return app.changes().stream().filter(change -> change.customerId().equals(customerId)).toList();
    }

    @Test
    void aCustomerWhoStopsBuyingMovesLoyalToAtRiskToLostAtTheExactInstantsAndNotBefore() {
        app.publishModel(loyalAtRiskLost(1));
        app.purchase("c1", "e1", T0, "100.00");
        assertThat(changesOf("c1")).extracting(SegmentChange::segment).containsExactly("loyal");
        Instant atRiskAt = T0.plus(Duration.ofDays(AT_RISK_DAY));
        Instant lostAt = T0.plus(Duration.ofDays(LOST_DAY));
        assertThat(app.profile("c1").nextReviewAt()).isEqualTo(atRiskAt);

        eventClockReaches(atRiskAt.minusMillis(1));
        assertThat(changesOf("c1")).isEmpty();

        eventClockReaches(atRiskAt);
        assertThat(changesOf("c1")).containsExactly(new SegmentChange("c1", "loyal", "at-risk",
                ChangeReason.INACTIVITY, atRiskAt, 1, null, app.profile("c1").rfm(atRiskAt)));
        assertThat(app.profile("c1").nextReviewAt()).isEqualTo(lostAt);

        eventClockReaches(lostAt.minusMillis(1));
        assertThat(changesOf("c1")).isEmpty();
        eventClockReaches(lostAt.plus(Duration.ofDays(3)));
        assertThat(changesOf("c1")).extracting(SegmentChange::previousSegment, SegmentChange::segment,
                        SegmentChange::at, change -> change.rfm().recencyDays())
                .containsExactly(tuple("at-risk", "lost", lostAt, LOST_DAY));
        assertThat(app.profile("c1").nextReviewAt()).isNull();
    }

    @Test
    void aReviewThatFellDueBeforeTheCustomersNextEventIsAppliedFirstAtItsOwnInstant() {
        app.publishModel(loyalAtRiskLost(1));
        app.purchase("c1", "e1", T0, "100.00");
        app.changes();
        Instant atRiskAt = T0.plus(Duration.ofDays(AT_RISK_DAY));
        Instant back = atRiskAt.plus(Duration.ofDays(2));

        app.purchase("c1", "e2", back, "1.00");

        assertThat(changesOf("c1")).extracting(SegmentChange::segment, SegmentChange::reason, SegmentChange::at)
                .containsExactly(tuple("at-risk", ChangeReason.INACTIVITY, atRiskAt),
                        tuple("loyal", ChangeReason.PURCHASE, back));
        // the review applied inline is no longer scheduled: nothing is visited before the new review instant
        double visitsBefore = app.counter(SegmentationMetrics.REVIEW_VISITS);
        eventClockReaches(app.profile("c1").nextReviewAt().minusMillis(1));
        assertThat(app.counter(SegmentationMetrics.REVIEW_VISITS) - visitsBefore).isZero();
        assertThat(changesOf("c1")).isEmpty();
    }

    @Test
    void aTickOverManyCustomersWithFewDueTouchesOnlyThoseDue() {
        app.publishModel(loyalAtRiskLost(1));
        for (int i = 0; i < 3; i++) {
            app.purchase("early-" + i, "early-" + i, T0, "100.00");
        }
        for (int i = 0; i < 400; i++) {
            app.purchase("late-" + i, "late-" + i, T0.plus(Duration.ofDays(10)), "100.00");
        }
        app.changes();
        double visitsBefore = app.counter(SegmentationMetrics.REVIEW_VISITS);

        eventClockReaches(T0.plus(Duration.ofDays(AT_RISK_DAY)));

        assertThat(app.counter(SegmentationMetrics.REVIEW_VISITS) - visitsBefore).isEqualTo(3);
        assertThat(app.changes()).extracting(SegmentChange::customerId)
                .containsExactlyInAnyOrder("early-0", "early-1", "early-2");
    }

    @Test
    void aTickReviewsAtMostABatchAndTheNextTickTheRest() {
        app.close();
        app = new SegmentationDriver(SegmentationOptions.defaults().withBatchSizes(2, 100));
        app.publishModel(loyalAtRiskLost(1));
        for (int i = 0; i < 5; i++) {
            app.purchase("c" + i, "e" + i, T0, "100.00");
        }
        app.changes();
        Instant atRiskAt = T0.plus(Duration.ofDays(AT_RISK_DAY));

        eventClockReaches(atRiskAt);
        assertThat(app.changes()).hasSize(2);
        app.tickWallClock();
        assertThat(app.changes()).hasSize(2);
        app.tickWallClock();
        assertThat(app.changes()).hasSize(1).allSatisfy(change -> assertThat(change.at()).isEqualTo(atRiskAt));
    }

    @Test
    void inWallClockModeTheReviewRunsOnTheSystemClockAndIsStampedWithTheExactInstant() {
        app.close();
        app = new SegmentationDriver(SegmentationOptions.defaults().withClock(SegmentationOptions.Clock.WALL_CLOCK));
        app.publishModel(loyalAtRiskLost(1));
        Instant bought = SegmentationDriver.WALL_CLOCK_START.minus(Duration.ofMinutes(30));
        app.purchase("c1", "e1", bought, "100.00");
        assertThat(changesOf("c1")).extracting(SegmentChange::segment).containsExactly("loyal");
        Instant atRiskAt = bought.plus(Duration.ofDays(AT_RISK_DAY));

        app.advanceWallClock(Duration.between(SegmentationDriver.WALL_CLOCK_START, atRiskAt).minusSeconds(5));
        assertThat(changesOf("c1")).isEmpty();
        app.advanceWallClock(Duration.ofSeconds(10));

        assertThat(changesOf("c1")).extracting(SegmentChange::segment, SegmentChange::reason, SegmentChange::at)
                .containsExactly(tuple("at-risk", ChangeReason.INACTIVITY, atRiskAt));
    }
}
