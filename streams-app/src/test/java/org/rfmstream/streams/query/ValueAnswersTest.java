package org.rfmstream.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.rfmstream.streams.query.TestModels.NOW;
import static org.rfmstream.streams.query.TestModels.profile;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.value.CustomerValue;
import org.rfmstream.schemas.value.ValueScorer;
import org.rfmstream.schemas.value.ValueSettings;
import org.rfmstream.streams.http.ApiResponse;

/** The value figures in the customer answer, the segment statistics and scoring, and their absence. */
class ValueAnswersTest {

    private static final SegmentModel.Value VALUE = new SegmentModel.Value("weeks", 0.243, 4.414, 0.793, 2.426,
            6.25, 3.74, 15.44, -9582.4, -4055.9, 2357, 946, null);
    private static final Host SELF = new Host("app-1", 8080);

    private final FakeMetadataSource metadata = new FakeMetadataSource(SELF);
    private final InMemoryCustomerStore store = new InMemoryCustomerStore();
    private final AtomicReference<SegmentModel> model = new AtomicReference<>(TestModels.model(7).withValue(VALUE));
    private final QueryService service = new QueryService(metadata, store, () -> Optional.ofNullable(model.get()),
            new FakePeerClient(), () -> NOW, new QueryService.Options(100, 2).withValue(new ValueSettings(90, 1, 0)));
    private final ValueScorer scorer = ValueScorer.of(VALUE, new ValueSettings(90, 1, 0));

    private final CustomerProfile regular = profile("17850", "champions", "2011-12-05T10:00:00Z", 34, "5391.21");
    private final CustomerProfile lapsed = profile("12346", "lost", "2011-01-18T10:00:00Z", 3, "310.00");

    @Test
    void theCustomerAnswerCarriesTheValueAtAsOfAndPAlivesDecay() {
        store.active(regular);

        CustomerView view = (CustomerView) ApiResponse.of(service.customer("17850", null, false)).body();

        CustomerValue expected = scorer.evaluate(regular, NOW);
        assertThat(view.value().pAlive()).isEqualTo(expected.pAlive());
        assertThat(view.value().churnRisk()).isEqualTo(expected.churnRisk());
        assertThat(view.value().expectedOrders()).isEqualTo(expected.expectedOrders());
        assertThat(view.value().horizonDays()).isEqualTo(90);
        assertThat(view.value().predictedClv()).isEqualByComparingTo(expected.predictedClv());
        assertThat(view.value().expectedNextOrderAt()).isEqualTo(expected.expectedNextOrderAt());
        assertThat(view.value().pAliveDecay()).hasSize(53);
        assertThat(view.value().pAliveDecay().getFirst().pAlive()).isEqualTo(expected.pAlive());
        assertThat(view.value().pAliveDecay().getLast().days()).isEqualTo(364);
        assertThat(view.value().pAliveDecay().getLast().pAlive()).isLessThan(expected.pAlive());
        assertThat(Json.toString(view)).contains("\"value\":{\"pAlive\":");
    }

    @Test
    void withoutValueModelsTheCustomerAnswerHasNoValue() {
        model.set(TestModels.model(8));
        store.active(regular);

        CustomerView view = (CustomerView) ApiResponse.of(service.customer("17850", null, false)).body();

        assertThat(view.value()).isNull();
        assertThat(Json.toString(view)).doesNotContain("\"value\"");
    }

    @Test
    void segmentsGiveMeanChurnRiskAndTotalClvOfTheLastScan() {
        store.active(regular, lapsed, profile("17851", "champions", "2011-11-30T10:00:00Z", 12, "900.00"));
        metadata.activeHosts(SELF);
        assertThat(((SegmentsView) ApiResponse.of(service.segments(null)).body()).valueAsOf())
                .as("before any scan").isNull();

        service.refreshSegmentValues();
        SegmentsView view = (SegmentsView) ApiResponse.of(service.segments(null)).body();

        assertThat(view.valueAsOf()).isEqualTo(NOW);
        SegmentsView.SegmentStatistics champions = view.segments().getFirst();
        List<CustomerValue> values = List.of(scorer.evaluate(regular, NOW),
                scorer.evaluate(store.profile("17851", 0).orElseThrow(), NOW));
        assertThat(champions.meanChurnRisk()).isCloseTo(
                (values.get(0).churnRisk() + values.get(1).churnRisk()) / 2, within(1e-12));
        assertThat(champions.predictedClv()).isEqualByComparingTo(
                values.get(0).predictedClv().add(values.get(1).predictedClv()));
        SegmentsView.SegmentStatistics lost = view.segments().get(3);
        assertThat(lost.meanChurnRisk()).isCloseTo(scorer.evaluate(lapsed, NOW).churnRisk(), within(1e-12));
        assertThat(view.segments().get(2).predictedClv()).as("a segment without customers").isEqualByComparingTo(
                BigDecimal.ZERO);
        assertThat(view.churnRiskDistribution()).hasSize(10);
        assertThat(view.churnRiskDistribution().stream().mapToLong(SegmentsView.ChurnRiskBin::customers).sum())
                .isEqualTo(3);
        int lapsedBin = (int) Math.min(9, Math.floor(scorer.evaluate(lapsed, NOW).churnRisk() * 10));
        assertThat(view.churnRiskDistribution().get(lapsedBin).customers()).isPositive();
        assertThat(view.churnRiskDistribution().get(lapsedBin).from()).isEqualTo(lapsedBin / 10.0);
    }

    @Test
    void aNewModelHidesTheSegmentValueFiguresUntilTheNextScan() {
        store.active(regular);
        metadata.activeHosts(SELF);
        service.refreshSegmentValues();
        model.set(TestModels.model(8).withValue(VALUE));

        SegmentsView view = (SegmentsView) ApiResponse.of(service.segments(null)).body();

        assertThat(view.valueAsOf()).isNull();
        assertThat(view.segments().getFirst().meanChurnRisk()).isNull();
        assertThat(view.segments().getFirst().predictedClv()).isNull();
    }

    @Test
    void scoringWithTheCustomersAgeGivesTheirValue() {
        ScoreResult withAge = (ScoreResult) ApiResponse.of(service.score(5, 12, 400, 200.0)).body();
        ScoreResult withoutAge = (ScoreResult) ApiResponse.of(service.score(5, 12, 400)).body();

        CustomerValue expected = scorer.evaluateHypothetical(200, 5, 12, 400, NOW);
        assertThat(withAge.value().pAlive()).isEqualTo(expected.pAlive());
        assertThat(withAge.value().predictedClv()).isEqualByComparingTo(expected.predictedClv());
        assertThat(withoutAge.value()).isNull();
    }
}
