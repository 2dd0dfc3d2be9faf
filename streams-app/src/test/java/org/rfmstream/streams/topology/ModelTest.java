package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rfmstream.streams.topology.SegmentModelFixtures.byRecency;
import static org.rfmstream.streams.topology.SegmentModelFixtures.loyalAtRiskLost;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.state.ModelStore;
import org.rfmstream.streams.state.StoreNames;

class ModelTest {

    private static final Instant T0 = Instant.parse("2011-03-01T10:00:00Z");
    private SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void nothingIsEmittedWhileNoModelExists() {
        app.purchase("c1", "e1", T0, "100.00");
        app.tickWallClock();

        assertThat(app.changes.isEmpty()).isTrue();
        assertThat(app.profile("c1").segment()).isNull();
    }

    @Test
    void theFirstModelAssignsEveryKnownCustomerWithinATickAndWithoutInput() {
        app.purchase("c1", "e1", T0, "100.00");
        app.purchase("c2", "e2", T0.plus(Duration.ofDays(100)), "100.00");

        app.publishModel(loyalAtRiskLost(1));

        Instant now = T0.plus(Duration.ofDays(100));
        assertThat(app.changes()).containsExactlyInAnyOrder(
                new SegmentChange("c1", null, "at-risk", ChangeReason.MODEL_UPDATE, now, 1, null,
                        app.profile("c1").rfm(now)),
                new SegmentChange("c2", null, "loyal", ChangeReason.MODEL_UPDATE, now, 1, null,
                        app.profile("c2").rfm(now)));
        assertThat(app.profile("c1").segment()).isEqualTo("at-risk");
        assertThat(app.profile("c1").modelVersion()).isEqualTo(1);
        assertThat(app.profile("c1").segmentSince()).isEqualTo(now);
        assertThat(app.registry.get(SegmentationMetrics.MODEL_VERSION).gauge().value()).isEqualTo(1);
    }

    @Test
    void aPurchaseThatMovesTheCustomerEmitsAChangeWithTheEventAndTheRfmAtThatInstant() {
        SegmentModel frequencyModel = SegmentModelFixtures.model(3, List.of(
                SegmentModelFixtures.segment("one-time", 0, Math.log1p(1), Math.log1p(100)),
                SegmentModelFixtures.segment("regular", 0, Math.log1p(4), Math.log1p(100))));
        app.publishModel(frequencyModel);

        app.purchase("c1", "e1", T0, "100.00");
        app.purchase("c1", "e2", T0.plus(Duration.ofDays(1)), "0.01");
        app.purchase("c1", "e3", T0.plus(Duration.ofDays(2)), "0.01");

        List<SegmentChange> changes = app.changes();
        assertThat(changes).extracting(SegmentChange::previousSegment, SegmentChange::segment,
                        SegmentChange::reason, SegmentChange::eventId, SegmentChange::at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, "one-time", ChangeReason.PURCHASE, "e1", T0),
                        org.assertj.core.groups.Tuple.tuple("one-time", "regular", ChangeReason.PURCHASE, "e3",
                                T0.plus(Duration.ofDays(2))));
        assertThat(changes.get(1).rfm().frequency()).isEqualTo(3);
        assertThat(changes.get(1).rfm().recencyDays()).isZero();
        assertThat(changes.get(1).rfm().monetary()).isEqualByComparingTo("100.02");
        assertThat(changes.get(1).modelVersion()).isEqualTo(3);
    }

    @Test
    void aRefundThatMovesTheCustomerSaysSo() {
        app.publishModel(SegmentModelFixtures.model(1, List.of(
                SegmentModelFixtures.segment("small", 0, 0, Math.log1p(10)),
                SegmentModelFixtures.segment("big", 0, 0, Math.log1p(1000)))));
        app.purchase("c1", "e1", T0, "900.00");
        app.refund("c1", "r1", T0.plusSeconds(60), "890.00");

        assertThat(app.changes()).extracting(SegmentChange::segment, SegmentChange::reason, SegmentChange::eventId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("big", ChangeReason.PURCHASE, "e1"),
                        org.assertj.core.groups.Tuple.tuple("small", ChangeReason.REFUND, "r1"));
    }

    @Test
    void anInvalidModelIsRejectedCountedAndThePreviousStays() {
        app.publishModel(loyalAtRiskLost(1));
        SegmentModel noSegments = SegmentModelFixtures.model(2, List.of());

        app.publishModel(noSegments);
        app.publishModelBytes("{ not a model".getBytes(StandardCharsets.UTF_8));
        app.purchase("c1", "e1", T0, "100.00");

        assertThat(app.registry.get(SegmentationMetrics.MODELS).tag("result", "rejected").counter().count())
                .isEqualTo(2);
        assertThat(app.changes()).singleElement().satisfies(change -> {
            assertThat(change.modelVersion()).isEqualTo(1);
            assertThat(change.segment()).isEqualTo("loyal");
        });
        org.apache.kafka.streams.state.KeyValueStore<String, SegmentModel> store =
                app.driver.getKeyValueStore(StoreNames.MODEL);
        assertThat(new ModelStore(store).current()).get().extracting(SegmentModel::version).isEqualTo(1L);
    }

    @Test
    void aNewModelReScoresEveryCustomerOnceAndEmitsOnlyTheRealMoves() {
        app.publishModel(loyalAtRiskLost(1));
        app.purchase("away", "e1", T0, "100.00");
        app.purchase("fresh", "e2", T0.plus(Duration.ofDays(30)), "100.00");
        app.changes();

        // Version 2 keeps "at-risk" for long absences but calls 30-ish days "need-attention".
        app.publishModel(byRecency(2, "loyal", 5, "need-attention", 30, "at-risk", 60, "lost", 300));

        Instant now = T0.plus(Duration.ofDays(30));
        assertThat(app.changes()).containsExactly(new SegmentChange("away", "at-risk", "need-attention",
                ChangeReason.MODEL_UPDATE, now, 2, null, app.profile("away").rfm(now)));
        assertThat(app.profile("fresh").modelVersion()).isEqualTo(2);
        assertThat(app.profile("fresh").segment()).isEqualTo("loyal");
        app.tickWallClock();
        assertThat(app.changes.isEmpty()).isTrue();
    }

    @Test
    void reScoringRunsInBoundedBatchesAcrossTicksWhileInputKeepsFlowing() {
        app.close();
        app = new SegmentationDriver(SegmentationOptions.defaults().withBatchSizes(100, 2));
        for (int i = 0; i < 5; i++) {
            app.purchase("c" + i, "e" + i, T0.plusSeconds(i), "100.00");
        }

        app.publishModel(loyalAtRiskLost(1));
        assertThat(app.changes()).hasSize(2);
        app.purchase("c9", "e9", T0.plusSeconds(10), "100.00");
        assertThat(app.changes()).extracting(SegmentChange::customerId).containsExactly("c9");
        app.tickWallClock();
        assertThat(app.changes()).hasSize(2);
        app.tickWallClock();
        assertThat(app.changes()).hasSize(1);
        app.tickWallClock();
        assertThat(app.changes.isEmpty()).isTrue();
        assertThat(app.latestProfiles().values()).allSatisfy(profile -> assertThat(profile.segment()).isEqualTo("loyal"));
    }
}
