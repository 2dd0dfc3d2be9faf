package org.rfmstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rfmstream.trainer.model.SyntheticCustomers.AS_OF;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;

class StabilityAndGateTest {

    private static final Instant TRAINED_AT = Instant.parse("2024-07-01T00:00:00Z");
    private static final List<SyntheticCustomers.Group> FIVE = List.of(SyntheticCustomers.CHAMPIONS,
            SyntheticCustomers.POTENTIAL_LOYALISTS, SyntheticCustomers.AT_RISK, SyntheticCustomers.HIBERNATING,
            SyntheticCustomers.LOST);

    private final SegmentTrainer trainer = new SegmentTrainer(TrainingOptions.defaults());

    @Test
    void retrainingOnUnchangedDataGivesTheSameSegmentsAndNobodyMoves() {
        List<CustomerFeatures> customers = SyntheticCustomers.planted(FIVE, 120, 0.15, 1);
        SegmentModel first = trainer.train(customers, AS_OF, null, 1, TRAINED_AT).model();

        SegmentTrainer.Result again = trainer.train(customers, AS_OF, first, 2, TRAINED_AT.plusSeconds(900));

        assertThat(Json.toString(again.model().segments())).isEqualTo(Json.toString(first.segments()));
        Stability stability = again.report().stability();
        assertThat(stability.moved()).isZero();
        assertThat(stability.centroidShifts().values()).allSatisfy(shift -> assertThat(shift).isEqualTo(0.0));
        assertThat(stability.added()).isEmpty();
        assertThat(stability.removed()).isEmpty();
        assertThat(again.report().segments()).allSatisfy(s ->
                assertThat(s.origin()).isEqualTo(SegmentNamer.Origin.KEPT_FROM_PREVIOUS));
        assertThat(QualityGate.defaults().evaluate(again.model(), stability).passed()).isTrue();
    }

    @Test
    void afterSmallDriftTheSameKindOfCustomerKeepsItsId() {
        List<CustomerFeatures> before = SyntheticCustomers.planted(FIVE, 120, 0.15, 1);
        SegmentModel first = trainer.train(before, AS_OF, null, 1, TRAINED_AT).model();

        // a week later: some customers bought again, spend is up 5%, a few new customers, fresh noise
        Instant later = AS_OF.plus(Duration.ofDays(7));
        List<CustomerFeatures> drifted = new ArrayList<>();
        Random random = new Random(2);
        for (CustomerFeatures c : SyntheticCustomers.planted(FIVE, 130, 0.15, 77)) {
            drifted.add(new CustomerFeatures(c.customerId(), c.lastPurchase().plus(Duration.ofDays(random.nextInt(8))),
                    c.frequency(), Math.round(c.monetaryCents() * 1.05)));
        }
        SegmentTrainer.Result retrained = trainer.train(drifted, later, first, 2, TRAINED_AT);

        assertThat(retrained.model().segments()).extracting(SegmentModel.Segment::id)
                .containsExactlyElementsOf(first.segments().stream().map(SegmentModel.Segment::id).toList());
        SegmentScorer oldScorer = SegmentScorer.of(first);
        SegmentScorer newScorer = SegmentScorer.of(retrained.model());
        for (SyntheticCustomers.Group group : FIVE) {
            String oldId = majority(before, group, oldScorer, AS_OF);
            String newId = majority(drifted, group, newScorer, later);
            assertThat(newId).as(group.name()).isEqualTo(oldId);
        }
        assertThat(retrained.report().stability().movedShare()).isLessThan(0.05);
        assertThat(retrained.report().segments()).allSatisfy(s ->
                assertThat(s.origin()).isEqualTo(SegmentNamer.Origin.KEPT_FROM_PREVIOUS));
        assertThat(retrained.report().stability().centroidShifts().values())
                .allSatisfy(shift -> assertThat(shift).isPositive().isLessThan(0.5));
    }

    @Test
    void aModelWithPoorlySeparatedSegmentsIsRefused() {
        List<CustomerFeatures> noise = new ArrayList<>();
        Random random = new Random(4);
        for (int i = 0; i < 1_000; i++) {
            // independent uniform features: no real groups at all
            noise.add(SyntheticCustomers.customer("n" + i, random.nextInt(365), 1 + random.nextInt(30),
                    100 + random.nextInt(500_000)));
        }
        SegmentModel model = trainer.train(noise, AS_OF, null, 1, TRAINED_AT).model();

        QualityGate.Decision decision = new QualityGate(100, 0.5, 0.3).evaluate(model, null);

        assertThat(decision.passed()).isFalse();
        assertThat(decision.reasons()).singleElement().asString().contains("silhouette");
    }

    @Test
    void aModelThatMovesTooManyCustomersOrSawTooFewIsRefused() {
        List<CustomerFeatures> customers = SyntheticCustomers.planted(FIVE, 40, 0.15, 1);
        SegmentModel first = trainer.train(customers, AS_OF, null, 1, TRAINED_AT).model();
        // a year on, with no purchases in between: most customers have aged into other segments
        SegmentTrainer.Result aged = trainer.train(customers, AS_OF.plus(Duration.ofDays(365)), first, 2, TRAINED_AT);

        QualityGate.Decision decision = new QualityGate(500, 0.0, 0.1).evaluate(aged.model(),
                aged.report().stability());

        assertThat(decision.passed()).isFalse();
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).contains("fewer than the minimum 500"));
        assertThat(aged.report().stability().movedShare()).isGreaterThan(0.1);
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).contains("would change segment"));
    }

    @Test
    void anInvalidModelNeverPasses() {
        SegmentModel broken = new SegmentModel("rfm-kmeans", 1, TRAINED_AT, AS_OF, SegmentModel.FEATURES, "log1p",
                new SegmentModel.Scaler(new double[] {0, 0, 0}, new double[] {1, 0, 1}), List.of(), null, 1_000);

        QualityGate.Decision decision = new QualityGate(0, -1, 1).evaluate(broken, null);

        assertThat(decision.passed()).isFalse();
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).contains("std[1] must be positive"));
    }

    private static String majority(List<CustomerFeatures> customers, SyntheticCustomers.Group group,
                                   SegmentScorer scorer, Instant asOf) {
        Map<String, Long> counts = customers.stream()
                .filter(c -> c.customerId().startsWith(group.name() + "-"))
                .collect(Collectors.groupingBy(c -> scorer.nearest(new org.rfmstream.schemas.Rfm(c.recencyDays(asOf),
                        c.frequency(), java.math.BigDecimal.valueOf(c.monetaryCents(), 2))).id(),
                        Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
