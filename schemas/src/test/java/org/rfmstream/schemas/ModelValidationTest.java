package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ModelValidationTest {

    private final SegmentModel good = TestModels.designExample();

    @Test
    void aGoodModelHasNoProblemsAndIsReturnedAsIs() {
        assertThat(ModelValidation.problems(good)).isEmpty();
        assertThat(ModelValidation.requireValid(good)).isSameAs(good);
    }

    @Test
    void aMissingModelIsRejected() {
        assertThat(ModelValidation.problems(null)).containsExactly("model is missing");
    }

    @Test
    void aScalerWithTheWrongNumberOfValuesIsRejected() {
        assertThat(problemsOf(scaler(new double[] {3.1, 1.2}, new double[] {1.4, 0.8, 1.3, 2.0})))
                .containsExactly("scaler.mean must have 3 values, has 2", "scaler.std must have 3 values, has 4");
    }

    @Test
    void aCentroidWithTheWrongNumberOfValuesIsRejected() {
        assertThat(problemsOf(withFirstSegment(segment -> TestModels.segment(segment.id(), -1.1, 1.4))))
                .containsExactly("segments[0].centroid must have 3 values, has 2");
    }

    @Test
    void notANumberAndInfinityAreRejectedWherever() {
        assertThat(problemsOf(scaler(new double[] {3.1, Double.NaN, 6.0}, new double[] {1.4, 0.8, 1.3})))
                .containsExactly("scaler.mean[1] is not a finite number: NaN");
        assertThat(problemsOf(withFirstSegment(segment ->
                TestModels.segment(segment.id(), Double.POSITIVE_INFINITY, 1.4, 1.3))))
                .containsExactly("segments[0].centroid[0] is not a finite number: Infinity");
        assertThat(problemsOf(scaler(new double[] {3.1, 1.2, 6.0}, new double[] {1.4, 0.8, Double.NaN})))
                .contains("scaler.std[2] is not a finite number: NaN");
    }

    @Test
    void aZeroOrNegativeStdIsRejectedBecauseEveryPointWouldDivideByIt() {
        assertThat(problemsOf(scaler(new double[] {3.1, 1.2, 6.0}, new double[] {1.4, 0, 1.3})))
                .containsExactly("scaler.std[1] must be positive, is 0.0");
        assertThat(problemsOf(scaler(new double[] {3.1, 1.2, 6.0}, new double[] {-1.4, 0.8, 1.3})))
                .containsExactly("scaler.std[0] must be positive, is -1.4");
    }

    @Test
    void aMissingScalerIsRejected() {
        assertThat(problemsOf(new SegmentModel(good.name(), good.version(), good.trainedAt(), good.asOf(),
                good.features(), good.transform(), null, good.segments(), good.quality(), good.trainingCustomers())))
                .containsExactly("scaler is missing");
    }

    @Test
    void aModelWithoutSegmentsIsRejected() {
        assertThat(problemsOf(segments(List.of()))).containsExactly("model has no segments");
        assertThat(problemsOf(segments(null))).containsExactly("model has no segments");
    }

    @Test
    void duplicateSegmentIdsAreRejected() {
        List<SegmentModel.Segment> segments = new ArrayList<>(good.segments());
        segments.set(2, TestModels.segment("loyal", 0.8, 0.3, 0.2));

        assertThat(problemsOf(segments(segments))).containsExactly("segment id 'loyal' appears twice");
    }

    @Test
    void aSegmentWithoutIdOrCentroidIsRejected() {
        assertThat(problemsOf(withFirstSegment(segment -> TestModels.segment(" ", segment.centroid()))))
                .containsExactly("segments[0].id is missing");
        assertThat(problemsOf(withFirstSegment(segment ->
                new SegmentModel.Segment(segment.id(), segment.name(), segment.action(), null, 1, null))))
                .containsExactly("segments[0].centroid is missing");
    }

    @Test
    void anotherTransformIsRejected() {
        assertThat(problemsOf(new SegmentModel(good.name(), good.version(), good.trainedAt(), good.asOf(),
                good.features(), "log", good.scaler(), good.segments(), good.quality(), good.trainingCustomers())))
                .containsExactly("transform must be log1p, is log");
    }

    @Test
    void otherFeaturesOrTheSameInAnotherOrderAreRejected() {
        assertThat(problemsOf(features(List.of("frequency", "recency", "monetary"))))
                .containsExactly("features must be [recency, frequency, monetary], are [frequency, recency, monetary]");
        assertThat(problemsOf(features(List.of("recency", "frequency"))))
                .containsExactly("features must be [recency, frequency, monetary], are [recency, frequency]");
    }

    @Test
    void aBlankNameAndAVersionBelowOneAreRejected() {
        assertThat(problemsOf(new SegmentModel(" ", 0, good.trainedAt(), good.asOf(), good.features(),
                good.transform(), good.scaler(), good.segments(), good.quality(), good.trainingCustomers())))
                .containsExactly("name is missing", "version must be at least 1, is 0");
    }

    @Test
    void requireValidNamesEveryProblemInOneMessage() {
        SegmentModel broken = new SegmentModel(good.name(), good.version(), good.trainedAt(), good.asOf(),
                good.features(), "sqrt", new SegmentModel.Scaler(new double[] {3.1, 1.2, 6.0},
                new double[] {1.4, 0, 1.3}), good.segments(), good.quality(), good.trainingCustomers());

        assertThatThrownBy(() -> ModelValidation.requireValid(broken))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("invalid segment model: transform must be log1p, is sqrt; "
                        + "scaler.std[1] must be positive, is 0.0");
    }

    private static List<String> problemsOf(SegmentModel model) {
        return ModelValidation.problems(model);
    }

    private SegmentModel scaler(double[] mean, double[] std) {
        return new SegmentModel(good.name(), good.version(), good.trainedAt(), good.asOf(), good.features(),
                good.transform(), new SegmentModel.Scaler(mean, std), good.segments(), good.quality(),
                good.trainingCustomers());
    }

    private SegmentModel segments(List<SegmentModel.Segment> segments) {
        return new SegmentModel(good.name(), good.version(), good.trainedAt(), good.asOf(), good.features(),
                good.transform(), good.scaler(), segments, good.quality(), good.trainingCustomers());
    }

    private SegmentModel features(List<String> features) {
        return new SegmentModel(good.name(), good.version(), good.trainedAt(), good.asOf(), features,
                good.transform(), good.scaler(), good.segments(), good.quality(), good.trainingCustomers());
    }

    private SegmentModel withFirstSegment(UnaryOperator<SegmentModel.Segment> change) {
        List<SegmentModel.Segment> segments = new ArrayList<>(good.segments());
        segments.set(0, change.apply(segments.get(0)));
        return segments(segments);
    }
}
