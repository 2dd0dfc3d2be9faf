package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.rfmstream.streams.topology.SegmentModelFixtures.firstDayCloserTo;
import static org.rfmstream.streams.topology.SegmentModelFixtures.loyalAtRiskLost;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.SegmentChange;

/**
 * In event time, a task's "now" is the latest accepted transaction's own timestamp: records refused to the DLQ and
 * record timestamps that differ from the payload never move it, and it comes back after a restart. Each case is one
 * a careless producer or an operator can cause; with Kafka's stream time as "now", each moved whole partitions of
 * customers into INACTIVITY or scored them as of the wrong day.
 */
class EventClockTest {

    /** A replayed history, long before the driver's wall clock (2030). */
    private static final Instant HISTORY_END = Instant.parse("2011-12-09T12:50:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("2099-01-01T00:00:00Z");
    private static final long AT_RISK_DAY = firstDayCloserTo(5, 60);

    private SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    /** Two loyal customers at the end of the history: c1 bought two days before its end, c2 on its last day. */
    private void historyWithLoyalCustomers() {
        app.publishModel(loyalAtRiskLost(1));
        app.purchase("c1", "e1", HISTORY_END.minus(Duration.ofDays(2)), "100.00");
        app.purchase("c2", "e2", HISTORY_END, "100.00");
        assertThat(app.changes()).extracting(SegmentChange::customerId, SegmentChange::segment)
                .containsExactly(tuple("c1", "loyal"), tuple("c2", "loyal"));
    }

    private List<String> deadLetterReasons() {
        return app.dlq.readRecordsToList().stream()
                .map(TestRecord::headers)
                .map(headers -> headers.lastHeader("error.reason"))
                .map(Header::value)
                .map(value -> new String(value, StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void malformedRecordsWithFarFutureAndWallClockRecordTimestampsMoveNoOne() {
        historyWithLoyalCustomers();

        app.send("c1", "not json at all", FAR_FUTURE);
        app.send("c2", "{\"eventId\":\"x1\",\"customerId\":\"c2\"}", SegmentationDriver.WALL_CLOCK_START);
        app.send(null, "[1, 2, 3]", FAR_FUTURE);
        app.tickWallClock();

        assertThat(deadLetterReasons()).containsExactly("malformed-json", "missing-field", "not-an-object");
        assertThat(app.changes()).isEmpty();
        assertThat(app.profile("c1").segment()).isEqualTo("loyal");
        assertThat(app.metrics.eventTime()).contains(HISTORY_END);

        // the history goes on: the next valid event is judged at its own time, and so is everyone else
        Instant next = HISTORY_END.plus(Duration.ofHours(3));
        app.purchase("c3", "e3", next, "100.00");
        assertThat(app.changes()).containsExactly(new SegmentChange("c3", null, "loyal", ChangeReason.PURCHASE, next,
                1, "e3", app.profile("c3").rfm(next)));
        assertThat(app.metrics.eventTime()).contains(next);
    }

    @Test
    void malformedRecordsBeforeTheFirstModelDoNotMakeItScoreAsOfTheirTimestamps() {
        app.purchase("c1", "e1", HISTORY_END.minus(Duration.ofDays(2)), "100.00");
        app.purchase("c2", "e2", HISTORY_END, "100.00");
        for (int i = 0; i < 10; i++) {
            app.send("c" + i, "{\"broken\": ", SegmentationDriver.WALL_CLOCK_START.plusSeconds(i));
        }

        app.publishModel(loyalAtRiskLost(1));

        assertThat(app.changes()).extracting(SegmentChange::customerId, SegmentChange::segment, SegmentChange::reason,
                        SegmentChange::at)
                .containsExactlyInAnyOrder(tuple("c1", "loyal", ChangeReason.MODEL_UPDATE, HISTORY_END),
                        tuple("c2", "loyal", ChangeReason.MODEL_UPDATE, HISTORY_END));
    }

    @Test
    void aValidHistoricalEventWithAWallClockRecordTimestampIsJudgedByItsPayload() {
        historyWithLoyalCustomers();
        Instant bought = HISTORY_END.plus(Duration.ofHours(1));

        // the producer left the record timestamp at its default: the wall clock
        app.send("c3", SegmentationDriver.transactionJson("e3", "c3", "PURCHASE", bought, "100.00"),
                SegmentationDriver.WALL_CLOCK_START);
        app.tickWallClock();

        assertThat(app.changes()).containsExactly(new SegmentChange("c3", null, "loyal", ChangeReason.PURCHASE,
                bought, 1, "e3", app.profile("c3").rfm(bought)));
        assertThat(app.profile("c3").updatedAt()).isEqualTo(bought);
        assertThat(app.profile("c1").segment()).isEqualTo("loyal");
        assertThat(app.metrics.eventTime()).contains(bought);
    }

    @Test
    void aRefusedEventWhoseTimestampIsBeyondTheAllowedSkewMovesNothing() {
        historyWithLoyalCustomers();
        Instant tooFar = SegmentationDriver.WALL_CLOCK_START.plus(app.options.maxFutureSkew()).plusSeconds(60);

        // its record timestamp is the (refused) payload time, as a producer stamping records with it would send
        app.send("c1", SegmentationDriver.transactionJson("e9", "c1", "PURCHASE", tooFar, "5.00"), tooFar);
        app.tickWallClock();

        assertThat(deadLetterReasons()).containsExactly("future-timestamp");
        assertThat(app.changes()).isEmpty();
        assertThat(app.profile("c1").frequency()).isEqualTo(1);
        assertThat(app.metrics.eventTime()).contains(HISTORY_END);
    }

    @Test
    void aRestartInTheMiddleOfAHistoryResumesTheClockWhereItWas() {
        app.close();
        app = SegmentationDriver.restartable();
        historyWithLoyalCustomers();
        app.tickWallClock();

        app = app.restarted();

        assertThat(app.metrics.eventTime()).contains(HISTORY_END);
        // a new model arriving before any new event re-scores as of the clock, not as of the wall clock or never
        app.publishModel(loyalAtRiskLost(2));
        app.tickWallClock();
        assertThat(app.profile("c1").modelVersion()).isEqualTo(2);
        assertThat(app.profile("c2").modelVersion()).isEqualTo(2);
        assertThat(app.profile("c1").updatedAt()).isEqualTo(HISTORY_END);
        // the history goes on where it stopped: reviews fall due at their own instants
        Instant atRiskAt = HISTORY_END.minus(Duration.ofDays(2)).plus(Duration.ofDays(AT_RISK_DAY));
        app.refund("someone", "r1", atRiskAt, "1.00");
        assertThat(app.changes()).extracting(SegmentChange::customerId, SegmentChange::segment, SegmentChange::reason,
                        SegmentChange::at)
                .containsExactly(tuple("c1", "at-risk", ChangeReason.INACTIVITY, atRiskAt));
    }

    @Test
    void aLateEventAfterARestartIsStampedWithTheResumedClock() {
        app.close();
        app = SegmentationDriver.restartable();
        historyWithLoyalCustomers();

        app = app.restarted();
        app.publishModel(loyalAtRiskLost(1));
        Instant late = HISTORY_END.minus(Duration.ofDays(1));
        app.purchase("c3", "e3", late, "100.00");

        // recency is measured at the clock (the history's end), as it would have been without the restart
        assertThat(app.changes()).extracting(SegmentChange::customerId, SegmentChange::at,
                        change -> change.rfm().recencyDays())
                .containsExactly(tuple("c3", HISTORY_END, 1L));
    }
}
