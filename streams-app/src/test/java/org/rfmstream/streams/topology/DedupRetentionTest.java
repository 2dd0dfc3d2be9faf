package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rfmstream.streams.topology.SegmentModelFixtures.loyalAtRiskLost;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.SegmentChange;

/**
 * The dedup memory's retention (7 days of event time by default) runs on each customer's own event times. A copy of
 * an event that reaches the store late — re-keyed through the repartition topic while the same event, keyed by its
 * customer, took the direct path — must not count again because other customers' events, or the reviews they
 * trigger, moved the task's clock past the retention meanwhile.
 */
class DedupRetentionTest {

    private static final Instant T0 = Instant.parse("2011-03-01T10:00:00Z");

    private final SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void aReKeyedDuplicateArrivingAfterTheClockMovedPastTheRetentionDoesNotCountAgain() {
        app.publishModel(loyalAtRiskLost(1));
        String original = SegmentationDriver.transactionJson("e1", "c1", "PURCHASE", T0, "100.00");
        app.send("c1", original, T0);
        // other customers' purchases move the clock two months on; c1 is reviewed (at-risk, then lost) meanwhile
        app.purchase("c2", "e2", T0.plus(Duration.ofDays(30)), "5.00");
        app.purchase("c3", "e3", T0.plus(Duration.ofDays(200)), "5.00");
        assertThat(app.changes()).filteredOn(change -> change.customerId().equals("c1"))
                .extracting(SegmentChange::reason).contains(ChangeReason.INACTIVITY);

        // the same event again, keyed by something else (re-keyed through the repartition topic)
        app.send("order-e1", original, T0);

        assertThat(app.profile("c1").frequency()).isEqualTo(1);
        assertThat(app.profile("c1").monetary()).isEqualByComparingTo("100.00");
        assertThat(app.events("duplicate")).isEqualTo(1);
        assertThat(app.changes()).noneMatch(change -> change.customerId().equals("c1"));
    }

    @Test
    void aCustomersOwnLaterEventsStillAgeItsMemoryOut() {
        app.purchase("c1", "e1", T0, "100.00");
        app.purchase("c1", "e2", T0.plus(Duration.ofDays(8)), "1.00");

        // the configured retention (7 days of this customer's event time) has passed: e1 is no longer remembered
        app.purchase("c1", "e1", T0, "100.00");

        assertThat(app.profile("c1").frequency()).isEqualTo(3);
        assertThat(app.events("duplicate")).isZero();
    }
}
