package org.rfmstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rfmstream.trainer.model.SyntheticCustomers.AS_OF;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.Rfm;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;

class SegmentNamingTest {

    private static final Instant TRAINED_AT = Instant.parse("2024-07-01T00:00:00Z");

    @Test
    void eachPlantedArchetypeGetsItsOwnName() {
        List<CustomerFeatures> customers = SyntheticCustomers.planted(SyntheticCustomers.EIGHT_ARCHETYPES, 150, 0.12,
                99);

        SegmentModel model = new SegmentTrainer(TrainingOptions.defaults())
                .train(customers, AS_OF, null, 1, TRAINED_AT).model();

        assertThat(model.quality().k()).isEqualTo(8);
        SegmentScorer scorer = SegmentScorer.of(model);
        for (SyntheticCustomers.Group group : SyntheticCustomers.EIGHT_ARCHETYPES) {
            Map<String, Long> segmentsOfGroup = customers.stream()
                    .filter(c -> c.customerId().startsWith(group.name() + "-"))
                    .collect(Collectors.groupingBy(c -> scorer.nearest(rfm(c)).id(), Collectors.counting()));
            assertThat(segmentsOfGroup).as(group.name()).containsOnlyKeys(group.name());
        }
        assertThat(model.segments()).extracting(SegmentModel.Segment::name).containsExactly("Champions", "Loyal",
                "Potential Loyalists", "New Customers", "Need Attention", "At Risk", "Hibernating", "Lost");
        assertThat(model.segments()).allSatisfy(s -> assertThat(s.action()).isNotBlank());
    }

    @Test
    void anyKUpToEightGivesDistinctBusinessNamesNeverNumbers() {
        List<CustomerFeatures> customers = SyntheticCustomers.shopLike(2_000, 17);
        for (int k = 2; k <= 8; k++) {
            SegmentModel model = new SegmentTrainer(TrainingOptions.defaults().withFixedK(k))
                    .train(customers, AS_OF, null, 1, TRAINED_AT).model();

            List<String> ids = model.segments().stream().map(SegmentModel.Segment::id).toList();
            List<String> names = model.segments().stream().map(SegmentModel.Segment::name).toList();
            assertThat(ids).as("k=%d", k).hasSize(k).doesNotHaveDuplicates();
            assertThat(names).as("k=%d", k).doesNotHaveDuplicates();
            assertThat(ids).allSatisfy(id -> {
                assertThat(SegmentCatalog.standard().find(id)).isPresent();
                assertThat(id).doesNotContainPattern("\\d");
            });
        }
    }

    @Test
    void identicalCentroidsStillGetDistinctNames() {
        double[][] centroids = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {1, 1, 1}, {1, 1, 1}};
        SegmentModel.Scaler scaler = new SegmentModel.Scaler(new double[] {1, 1, 1}, new double[] {1, 1, 1});

        List<SegmentNamer.NamedCentroid> named = new SegmentNamer(SegmentCatalog.standard(), 0.5)
                .name(centroids, scaler, null);

        assertThat(named).extracting(SegmentNamer.NamedCentroid::id).doesNotHaveDuplicates().hasSize(5);
        assertThat(named).extracting(SegmentNamer.NamedCentroid::id).contains("need-attention");
    }

    @Test
    void namesAndActionsCanBeOverriddenButIdsStay() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("champions/name", "Our Stars");
        overrides.put("lost/action", "Do nothing");
        SegmentCatalog catalog = SegmentCatalog.standard().withOverrides((id, what) -> overrides.get(id + "/" + what));
        List<CustomerFeatures> customers = SyntheticCustomers.planted(
                List.of(SyntheticCustomers.CHAMPIONS, SyntheticCustomers.LOST), 100, 0.1, 5);

        SegmentModel model = new SegmentTrainer(TrainingOptions.defaults().withCatalog(catalog))
                .train(customers, AS_OF, null, 1, TRAINED_AT).model();

        assertThat(model.segments()).extracting(SegmentModel.Segment::id).containsExactly("champions", "lost");
        assertThat(model.segments().get(0).name()).isEqualTo("Our Stars");
        assertThat(model.segments().get(0).action()).isEqualTo(SegmentCatalog.standard().find("champions")
                .orElseThrow().action());
        assertThat(model.segments().get(1).name()).isEqualTo("Lost");
        assertThat(model.segments().get(1).action()).isEqualTo("Do nothing");
    }

    static Rfm rfm(CustomerFeatures c) {
        return new Rfm(c.recencyDays(AS_OF), c.frequency(), BigDecimal.valueOf(c.monetaryCents(), 2));
    }
}
