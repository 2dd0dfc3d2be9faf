package org.rfmstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.rfmstream.trainer.model.SyntheticCustomers.AS_OF;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;

class SegmentTrainerTest {

    private static final Instant TRAINED_AT = Instant.parse("2024-07-01T00:00:00Z");

    private final SegmentTrainer trainer = new SegmentTrainer(TrainingOptions.defaults());

    @Test
    void theSameCustomersInAnyOrderGiveByteIdenticalModelsApartFromVersionAndTime() {
        List<CustomerFeatures> customers = SyntheticCustomers.shopLike(3_000, 11);
        List<CustomerFeatures> shuffled = new ArrayList<>(customers);
        Collections.shuffle(shuffled, new Random(5));

        SegmentModel first = trainer.train(customers, AS_OF, null, 3, TRAINED_AT).model();
        SegmentModel second = trainer.train(shuffled, AS_OF, null, 9, TRAINED_AT.plusSeconds(600)).model();

        assertThat(Json.toString(normalised(second))).isEqualTo(Json.toString(normalised(first)));
        assertThat(first.version()).isEqualTo(3);
        assertThat(second.version()).isEqualTo(9);
        assertThat(ModelValidation.problems(first)).isEmpty();
    }

    @Test
    void kCentroidsAndInertiaMatchAnIndependentBruteForceLloyd() {
        List<SyntheticCustomers.Group> groups = List.of(SyntheticCustomers.CHAMPIONS,
                SyntheticCustomers.NEW_CUSTOMERS, SyntheticCustomers.AT_RISK, SyntheticCustomers.LOST);
        List<CustomerFeatures> customers = SyntheticCustomers.planted(groups, 100, 0.1, 21);

        SegmentModel model = trainer.train(customers, AS_OF, null, 1, TRAINED_AT).model();

        double[][] points = independentScaledPoints(customers);
        Reference best = null;
        for (int k = 2; k <= 8; k++) {
            double[][] centroids = bestLloyd(points, k, 40, new Random(k));
            double silhouette = exactSilhouette(points, labels(points, centroids));
            if (best == null || silhouette > best.silhouette()) {
                best = new Reference(k, centroids, inertia(points, centroids), silhouette);
            }
        }
        assertThat(best.k()).as("planted groups").isEqualTo(4);
        assertThat(model.quality().k()).isEqualTo(best.k());
        assertThat(model.segments()).hasSize(best.k());
        assertThat(model.quality().inertia()).isCloseTo(best.inertia(), within(1e-6 * best.inertia()));
        assertThat(model.quality().silhouette()).isCloseTo(best.silhouette(), within(1e-9));
        for (SegmentModel.Segment segment : model.segments()) {
            double[] closest = Arrays.stream(best.centroids())
                    .min((a, b) -> Double.compare(distance(a, segment.centroid()), distance(b, segment.centroid())))
                    .orElseThrow();
            for (int d = 0; d < 3; d++) {
                assertThat(segment.centroid()[d]).isCloseTo(closest[d], within(1e-6 * Math.max(1, Math.abs(closest[d]))));
            }
        }
        assertThat(model.quality().silhouetteSample()).isEqualTo(customers.size());
        assertThat(model.quality().candidates()).extracting(SegmentModel.Candidate::k)
                .containsExactly(2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void everyCandidateIsPublishedWithItsSegmentsAndTheOtherMethodsBesideIt() {
        List<CustomerFeatures> customers = SyntheticCustomers.shopLike(3_000, 12);

        SegmentTrainer.Result result = trainer.train(customers, AS_OF, null, 1, TRAINED_AT);
        SegmentModel model = result.model();

        for (SegmentModel.Candidate candidate : model.quality().candidates()) {
            assertThat(candidate.segments()).hasSize(candidate.k());
            assertThat(candidate.segments().stream().mapToLong(SegmentModel.Segment::size).sum())
                    .isEqualTo(customers.size());
            assertThat(candidate.segments()).extracting(SegmentModel.Segment::id).doesNotHaveDuplicates();
        }
        SegmentModel.Candidate chosen = model.quality().candidates().stream()
                .filter(c -> c.k() == model.quality().k()).findFirst().orElseThrow();
        assertThat(Json.toString(chosen.segments())).isEqualTo(Json.toString(model.segments()));

        assertThat(model.quality().comparison()).extracting(SegmentModel.MethodComparison::method)
                .containsExactly("gaussian-mixture", "dbscan");
        assertThat(model.quality().comparison()).allSatisfy(c -> {
            assertThat(c.sample()).isEqualTo(Math.min(customers.size(), SegmentTrainer.COMPARISON_SAMPLE));
            assertThat(c.adjustedRandIndex()).isBetween(-1.0, 1.0);
        });
        assertThat(result.report().render()).contains("gaussian-mixture", "dbscan", "RFM score edges");
    }

    @Test
    void theRfmEdgesAreTheQuintilesOfEveryTrainingCustomer() {
        List<CustomerFeatures> customers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) { // recency 10..100 days, frequency 1..10, monetary 1.00..10.00
            customers.add(SyntheticCustomers.customer("c" + i, 10L * i, i, 100L * i));
        }
        SegmentModel model = new SegmentTrainer(TrainingOptions.defaults().withKRange(2, 3))
                .train(customers, AS_OF, null, 1, TRAINED_AT).model();
        // nearest rank of 10 values: the 2nd, 4th, 6th and 8th smallest
        assertThat(model.rfm().recency()).containsExactly(20L, 40L, 60L, 80L);
        assertThat(model.rfm().frequency()).containsExactly(2L, 4L, 6L, 8L);
        assertThat(model.rfm().monetary()).extracting(java.math.BigDecimal::toPlainString)
                .containsExactly("2.00", "4.00", "6.00", "8.00");
    }

    @Test
    void aFixedKIsTrainedAlone() {
        List<CustomerFeatures> customers = SyntheticCustomers.shopLike(2_000, 4);

        SegmentModel model = new SegmentTrainer(TrainingOptions.defaults().withFixedK(5))
                .train(customers, AS_OF, null, 1, TRAINED_AT).model();

        assertThat(model.segments()).hasSize(5);
        assertThat(model.quality().k()).isEqualTo(5);
        assertThat(model.quality().candidates()).extracting(SegmentModel.Candidate::k).containsExactly(5);
    }

    @Test
    void onASampleSizesAndMeansStillCoverEveryCustomerAsTheScorerAssignsThem() {
        List<CustomerFeatures> customers = SyntheticCustomers.shopLike(5_000, 8);
        SegmentTrainer sampled = new SegmentTrainer(TrainingOptions.defaults().withSampleSizes(1_000, 300));

        SegmentTrainer.Result result = sampled.train(customers, AS_OF, null, 1, TRAINED_AT);
        SegmentModel model = result.model();

        assertThat(model.trainingCustomers()).isEqualTo(5_000);
        assertThat(model.quality().silhouetteSample()).isEqualTo(300);
        assertThat(result.report().fitSample()).isEqualTo(1_000);
        SegmentScorer scorer = SegmentScorer.of(model);
        for (SegmentModel.Segment segment : model.segments()) {
            List<CustomerFeatures> members = customers.stream()
                    .filter(c -> scorer.nearest(new org.rfmstream.schemas.Rfm(c.recencyDays(AS_OF), c.frequency(),
                            java.math.BigDecimal.valueOf(c.monetaryCents(), 2))).id().equals(segment.id()))
                    .toList();
            assertThat(segment.size()).isEqualTo(members.size());
            double meanFrequency = members.stream().mapToLong(CustomerFeatures::frequency).average().orElse(0);
            assertThat(segment.mean().frequency()).isCloseTo(meanFrequency, within(0.005));
        }
    }

    @Test
    void tooFewOrTooAlikeCustomersGiveAClearError() {
        assertThatThrownBy(() -> trainer.train(List.of(SyntheticCustomers.customer("a", 1, 1, 100)), AS_OF, null, 1,
                TRAINED_AT)).isInstanceOf(TrainingException.class).hasMessageContaining("at least 2 customers");

        List<CustomerFeatures> identical = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            identical.add(SyntheticCustomers.customer("same-" + i, 3, 2, 1000));
        }
        assertThatThrownBy(() -> trainer.train(identical, AS_OF, null, 1, TRAINED_AT))
                .isInstanceOf(TrainingException.class).hasMessageContaining("too alike");
    }

    private static SegmentModel normalised(SegmentModel model) {
        return new SegmentModel(model.name(), 1, TRAINED_AT, model.asOf(), model.features(), model.transform(),
                model.scaler(), model.segments(), model.quality(), model.trainingCustomers());
    }

    // ---- an independent reference: plain log1p + z-score, random-start Lloyd, exact silhouette ----

    private record Reference(int k, double[][] centroids, double inertia, double silhouette) {
    }

    private static double[][] independentScaledPoints(List<CustomerFeatures> customers) {
        int n = customers.size();
        double[][] raw = new double[n][];
        for (int i = 0; i < n; i++) {
            CustomerFeatures c = customers.get(i);
            raw[i] = new double[] {Math.log1p(c.recencyDays(AS_OF)), Math.log1p(c.frequency()),
                    Math.log1p(c.monetaryCents() / 100.0)};
        }
        for (int d = 0; d < 3; d++) {
            final int dim = d;
            double mean = Arrays.stream(raw).mapToDouble(p -> p[dim]).average().orElseThrow();
            double variance = Arrays.stream(raw).mapToDouble(p -> (p[dim] - mean) * (p[dim] - mean)).average()
                    .orElseThrow();
            for (double[] p : raw) {
                p[d] = (p[d] - mean) / Math.sqrt(variance);
            }
        }
        return raw;
    }

    private static double[][] bestLloyd(double[][] points, int k, int starts, Random random) {
        double[][] best = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        for (int s = 0; s < starts; s++) {
            double[][] centroids = new double[k][];
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < points.length; i++) {
                indices.add(i);
            }
            Collections.shuffle(indices, random);
            for (int c = 0; c < k; c++) {
                centroids[c] = points[indices.get(c)].clone();
            }
            for (int iteration = 0; iteration < 1_000; iteration++) {
                int[] label = labels(points, centroids);
                double[][] next = new double[k][3];
                int[] count = new int[k];
                for (int i = 0; i < points.length; i++) {
                    count[label[i]]++;
                    for (int d = 0; d < 3; d++) {
                        next[label[i]][d] += points[i][d];
                    }
                }
                boolean changed = false;
                for (int c = 0; c < k; c++) {
                    if (count[c] == 0) {
                        next[c] = centroids[c];
                        continue;
                    }
                    for (int d = 0; d < 3; d++) {
                        next[c][d] /= count[c];
                        changed |= next[c][d] != centroids[c][d];
                    }
                }
                centroids = next;
                if (!changed) {
                    break;
                }
            }
            double inertia = inertia(points, centroids);
            if (inertia < bestInertia) {
                bestInertia = inertia;
                best = centroids;
            }
        }
        return best;
    }

    private static int[] labels(double[][] points, double[][] centroids) {
        int[] label = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            for (int c = 1; c < centroids.length; c++) {
                if (distance(points[i], centroids[c]) < distance(points[i], centroids[label[i]])) {
                    label[i] = c;
                }
            }
        }
        return label;
    }

    private static double inertia(double[][] points, double[][] centroids) {
        int[] label = labels(points, centroids);
        double sum = 0;
        for (int i = 0; i < points.length; i++) {
            sum += Math.pow(distance(points[i], centroids[label[i]]), 2);
        }
        return sum;
    }

    private static double exactSilhouette(double[][] points, int[] label) {
        double total = 0;
        int k = Arrays.stream(label).max().orElseThrow() + 1;
        for (int i = 0; i < points.length; i++) {
            double[] sum = new double[k];
            int[] count = new int[k];
            for (int j = 0; j < points.length; j++) {
                if (j != i) {
                    sum[label[j]] += distance(points[i], points[j]);
                    count[label[j]]++;
                }
            }
            if (count[label[i]] == 0) {
                continue;
            }
            double a = sum[label[i]] / count[label[i]];
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != label[i] && count[c] > 0) {
                    b = Math.min(b, sum[c] / count[c]);
                }
            }
            total += (b - a) / Math.max(a, b);
        }
        return total / points.length;
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += (a[d] - b[d]) * (a[d] - b[d]);
        }
        return Math.sqrt(sum);
    }
}
