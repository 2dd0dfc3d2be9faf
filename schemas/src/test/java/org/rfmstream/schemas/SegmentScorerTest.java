package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SegmentScorerTest {

    private static final double EXACT = 1e-12;
    private static final double[] ORIGIN = {0, 0, 0};
    private static final double[] UNIT = {1, 1, 1};

    @Nested
    class Point {

        @Test
        void eachFeatureIsLog1pThenStandardisedWithTheModelsMeanAndStd() {
            // mean [1, 1, 1], std [0.5, 2, 4]; the values are e^k - 1 so that log1p gives k:
            // recency   e^1 - 1 -> (1 - 1) / 0.5 = 0
            // frequency e^2 - 1 -> (2 - 1) / 2   = 0.5
            // monetary  e^3 - 1 -> (3 - 1) / 4   = 0.5
            SegmentScorer scorer = SegmentScorer.of(TestModels.model(new double[] {1, 1, 1},
                    new double[] {0.5, 2, 4}, TestModels.segment("only", 0, 0, 0)));

            double[] point = scorer.point(Math.E - 1, Math.exp(2) - 1, Math.exp(3) - 1);

            assertThat(point[0]).isCloseTo(0, within(EXACT));
            assertThat(point[1]).isCloseTo(0.5, within(EXACT));
            assertThat(point[2]).isCloseTo(0.5, within(EXACT));
        }

        @Test
        void zeroFiguresSitAtMinusMeanOverStd() {
            // log1p(0) = 0, so x = (0 - mean) / std: (-1/2, -2/4, -3/0.5) = (-0.5, -0.5, -6), exact in binary
            SegmentScorer scorer = SegmentScorer.of(TestModels.model(new double[] {1, 2, 3},
                    new double[] {2, 4, 0.5}, TestModels.segment("only", 0, 0, 0)));

            assertThat(scorer.point(new Rfm(0, 0, BigDecimal.ZERO))).containsExactly(-0.5, -0.5, -6.0);
        }

        @Test
        void negativeFiguresCountAsZero() {
            // a customer whose refunds exceed purchases has monetary 0 in the model, never log1p(negative)
            SegmentScorer scorer = SegmentScorer.of(TestModels.model(ORIGIN, UNIT, TestModels.segment("a", 0, 0, 0)));

            assertThat(scorer.point(new Rfm(0, 0, new BigDecimal("-25.40")))).containsExactly(0.0, 0.0, 0.0);
        }

        @Test
        void theDesignExampleModelPlacesACustomerAsComputedByHand() {
            // recency 19, frequency 3, monetary 402.43 with mean [3.1, 1.2, 6.0], std [1.4, 0.8, 1.3]:
            // log1p(19) = ln 20 = 2.995732 -> (2.995732 - 3.1) / 1.4 = -0.074477
            // log1p(3)  = ln 4  = 1.386294 -> (1.386294 - 1.2) / 0.8 =  0.232868
            // log1p(402.43) = ln 403.43 = 6.0000030 (e^6 = 403.42879) -> 0.0000030 / 1.3 = 0.0000023
            SegmentScorer scorer = SegmentScorer.of(TestModels.designExample());

            double[] point = scorer.point(new Rfm(19, 3, new BigDecimal("402.43")));

            assertThat(point[0]).isCloseTo(-0.074477, within(1e-6));
            assertThat(point[1]).isCloseTo(0.232868, within(1e-6));
            assertThat(point[2]).isCloseTo(0.0000023, within(1e-7));
        }
    }

    @Nested
    class Distances {

        @Test
        void areEuclideanInTheScaledSpaceInTheModelsOrder() {
            // from the origin: |(3, 4, 0)| = 5, |(1, 2, 2)| = 3, |(0, 0, 0)| = 0
            SegmentScorer scorer = SegmentScorer.of(TestModels.model(ORIGIN, UNIT,
                    TestModels.segment("a", 3, 4, 0), TestModels.segment("b", 1, 2, 2),
                    TestModels.segment("c", 0, 0, 0)));

            assertThat(scorer.distances(new double[] {0, 0, 0})).containsExactly(5.0, 3.0, 0.0);
            // from (1, 1, 1): |(2, 3, -1)| = sqrt 14, |(0, 1, 1)| = sqrt 2, |(-1, -1, -1)| = sqrt 3
            assertThat(scorer.distances(new double[] {1, 1, 1}))
                    .containsExactly(Math.sqrt(14), Math.sqrt(2), Math.sqrt(3));
        }

        @Test
        void scoringGivesTheNearestSegmentAndEveryDistance() {
            // mean 0, std 1, so Rfm(0, 0, 0) is the origin: distances 5, 3 and 1 -> "c"
            SegmentScorer scorer = SegmentScorer.of(TestModels.model(ORIGIN, UNIT,
                    TestModels.segment("a", 3, 4, 0), TestModels.segment("b", 1, 2, 2),
                    TestModels.segment("c", 0, 1, 0)));

            SegmentScorer.Assignment assignment = scorer.score(new Rfm(0, 0, BigDecimal.ZERO));

            assertThat(assignment.segment().id()).isEqualTo("c");
            assertThat(assignment.distances()).containsExactly(5.0, 3.0, 1.0);
            assertThat(scorer.nearest(new Rfm(0, 0, BigDecimal.ZERO)).id()).isEqualTo("c");
        }
    }

    @Nested
    class Nearest {

        @Test
        void isTheCentroidAtTheSmallestDistance() {
            // from (2, 0, 0): a at (0,0,0) is 2 away, b at (3,0,0) is 1 away, c at (2,0,1.5) is 1.5 away
            SegmentScorer scorer = SegmentScorer.of(TestModels.model(ORIGIN, UNIT,
                    TestModels.segment("a", 0, 0, 0), TestModels.segment("b", 3, 0, 0),
                    TestModels.segment("c", 2, 0, 1.5)));

            assertThat(scorer.nearestIndex(new double[] {2, 0, 0})).isEqualTo(1);
        }

        @Test
        void aTieGoesToTheEarlierSegmentInTheList() {
            // (0,0,0) is exactly 1 away from both (1,0,0) and (-1,0,0)
            SegmentScorer rightFirst = SegmentScorer.of(TestModels.model(ORIGIN, UNIT,
                    TestModels.segment("right", 1, 0, 0), TestModels.segment("left", -1, 0, 0)));
            SegmentScorer leftFirst = SegmentScorer.of(TestModels.model(ORIGIN, UNIT,
                    TestModels.segment("left", -1, 0, 0), TestModels.segment("right", 1, 0, 0)));

            assertThat(rightFirst.segments().get(rightFirst.nearestIndex(ORIGIN)).id()).isEqualTo("right");
            assertThat(leftFirst.segments().get(leftFirst.nearestIndex(ORIGIN)).id()).isEqualTo("left");
        }

        @Test
        void aTieWithALaterSegmentDoesNotDisplaceTheNearestSoFar() {
            // b (index 1) and c (index 2) are both 1 away, a is 2 away: b wins
            SegmentScorer scorer = SegmentScorer.of(TestModels.model(ORIGIN, UNIT,
                    TestModels.segment("a", 2, 0, 0), TestModels.segment("b", 0, 1, 0),
                    TestModels.segment("c", 0, 0, -1)));

            assertThat(scorer.nearestIndex(ORIGIN)).isEqualTo(1);
        }
    }

    /**
     * Growing recency with frequency and monetary fixed. The model: mean [0, log1p 4, log1p 100], std 1, so a
     * customer with frequency 4 and monetary 100 sits at (log1p r, 0, 0), and
     * loyal (0, 1, 0), at-risk (2, 0, 1), lost (3, 0, 0). Squared distances at x = log1p r:
     * loyal x² + 1; at-risk (x - 2)² + 1; lost (x - 3)².
     * loyal → at-risk when x² + 1 > x² - 4x + 5, i.e. x > 1: r > e - 1 = 1.718, the first whole day is 2.
     * at-risk → lost when x² - 4x + 5 > x² - 6x + 9, i.e. x > 2: r > e² - 1 = 6.389, the first whole day is 7.
     * lost has the largest recency coordinate: nothing further.
     */
    @Nested
    class NextSegmentChange {

        private static final long FREQUENCY = 4;
        private static final double MONETARY = 100;

        private final SegmentScorer scorer = SegmentScorer.of(TestModels.model(
                new double[] {0, Math.log1p(4), Math.log1p(100)}, UNIT,
                TestModels.segment("loyal", 0, 1, 0),
                TestModels.segment("at-risk", 2, 0, 1),
                TestModels.segment("lost", 3, 0, 0)));

        private String segmentAt(long recencyDays) {
            return scorer.nearest(new Rfm(recencyDays, FREQUENCY, BigDecimal.valueOf(MONETARY))).id();
        }

        @Test
        void theHandComputedDaysAreTheFirstWholeDaysInTheNextSegment() {
            // r = 1: x = ln 2 = 0.693: loyal 1.480, at-risk 2.708, lost 5.322 -> loyal
            // r = 2: x = ln 3 = 1.099: loyal 2.207, at-risk 1.813, lost 3.615 -> at-risk
            // r = 6: x = ln 7 = 1.946: at-risk 1.003, lost 1.111 -> at-risk
            // r = 7: x = ln 8 = 2.079: at-risk 1.006, lost 0.848 -> lost
            assertThat(segmentAt(0)).isEqualTo("loyal");
            assertThat(segmentAt(1)).isEqualTo("loyal");
            assertThat(segmentAt(2)).isEqualTo("at-risk");
            assertThat(segmentAt(6)).isEqualTo("at-risk");
            assertThat(segmentAt(7)).isEqualTo("lost");

            assertThat(scorer.nextSegmentChangeDay(0, FREQUENCY, MONETARY)).hasValue(2);
            assertThat(scorer.nextSegmentChangeDay(1, FREQUENCY, MONETARY)).hasValue(2);
            assertThat(scorer.nextSegmentChangeDay(2, FREQUENCY, MONETARY)).hasValue(7);
            assertThat(scorer.nextSegmentChangeDay(6, FREQUENCY, MONETARY)).hasValue(7);
        }

        @Test
        void aCustomerAlreadyInTheFarthestSegmentNeverChanges() {
            assertThat(scorer.nextSegmentChangeDay(7, FREQUENCY, MONETARY)).isEmpty();
            assertThat(scorer.nextSegmentChangeDay(400, FREQUENCY, MONETARY)).isEmpty();
        }

        @Test
        void segmentsAtTheSameRecencyNeverTakeACustomerOver() {
            // both centroids have recency coordinate 0: the distance difference does not depend on recency
            SegmentScorer flat = SegmentScorer.of(TestModels.model(ORIGIN, UNIT,
                    TestModels.segment("low", 0, 0, 0), TestModels.segment("high", 0, 5, 5)));

            assertThat(flat.nextSegmentChangeDay(0, 0, 0)).isEmpty();
        }

        @Test
        void aBoundaryBeyondMaxRecencyDaysCountsAsNever() {
            // a (0,0,0), b (30,0,0): crossing at x = 15, r = e^15 - 1 = 3.27 million days > 100 000
            SegmentScorer far = SegmentScorer.of(TestModels.model(ORIGIN, UNIT,
                    TestModels.segment("a", 0, 0, 0), TestModels.segment("b", 30, 0, 0)));

            assertThat(far.nextSegmentChangeDay(0, 0, 0)).isEmpty();
        }

        @Test
        void aBoundaryExactlyOnAWholeDayFollowsTheTieRule() {
            // std[recency] = log1p 7 = ln 8 makes x(7) = ln 8 / ln 8 = 1 exactly; centroids at x = 0 and x = 2
            // are equally far from x = 1. Day 7 is a tie, which the earlier segment in the list wins.
            double[] std = {Math.log1p(7), 1, 1};
            SegmentScorer stayFirst = SegmentScorer.of(TestModels.model(ORIGIN, std,
                    TestModels.segment("active", 0, 0, 0), TestModels.segment("lapsed", 2, 0, 0)));
            SegmentScorer lapsedFirst = SegmentScorer.of(TestModels.model(ORIGIN, std,
                    TestModels.segment("lapsed", 2, 0, 0), TestModels.segment("active", 0, 0, 0)));

            // active listed first keeps the customer at day 7; x(8) = ln 9 / ln 8 = 1.057 > 1 moves them on day 8
            assertThat(stayFirst.nextSegmentChangeDay(0, 0, 0)).hasValue(8);
            // lapsed listed first takes them on the tie itself
            assertThat(lapsedFirst.nextSegmentChangeDay(0, 0, 0)).hasValue(7);
        }

        @Test
        void nextReviewAtIsTheLastPurchasePlusTheChangeDayInWholeDays() {
            Instant lastPurchase = Instant.parse("2011-01-01T10:00:00Z");
            BigDecimal monetary = BigDecimal.valueOf(MONETARY);

            // asOf the same day (recency 0): the change is on day 2
            Instant review = scorer.nextReviewAt(lastPurchase, FREQUENCY, monetary,
                    Instant.parse("2011-01-01T12:00:00Z"));

            assertThat(review).isEqualTo(Instant.parse("2011-01-03T10:00:00Z"));
            assertThat(scorer.nearest(new Rfm(Rfm.recencyDays(lastPurchase, review), FREQUENCY, monetary)).id())
                    .isEqualTo("at-risk");
            Instant justBefore = review.minusMillis(1);
            assertThat(Rfm.recencyDays(lastPurchase, justBefore)).isEqualTo(1);
            assertThat(scorer.nearest(new Rfm(Rfm.recencyDays(lastPurchase, justBefore), FREQUENCY, monetary)).id())
                    .isEqualTo("loyal");

            // asOf that review (recency 2, at-risk): the next one is on day 7
            assertThat(scorer.nextReviewAt(lastPurchase, FREQUENCY, monetary, review))
                    .isEqualTo(Instant.parse("2011-01-08T10:00:00Z"));
            // asOf day 7 or later (lost): never again
            assertThat(scorer.nextReviewAt(lastPurchase, FREQUENCY, monetary,
                    Instant.parse("2011-01-08T10:00:00Z"))).isNull();
        }

        @Test
        void aCustomerWithoutPurchasesHasNoReview() {
            assertThat(scorer.nextReviewAt(null, 0, BigDecimal.ZERO, Instant.parse("2011-01-01T00:00:00Z")))
                    .isNull();
        }

        @Test
        void theClosedFormAgreesWithWalkingDayByDayOnRandomModels() {
            // the definition, checked the slow way: the first whole day after r whose nearest segment differs
            Random random = new Random(20111210);
            int withAChange = 0;
            for (int trial = 0; trial < 200; trial++) {
                SegmentScorer randomScorer = SegmentScorer.of(randomModel(random));
                long frequency = 1 + random.nextInt(40);
                double monetary = random.nextInt(500_000) / 100.0;
                long recency = random.nextInt(60);

                OptionalLong expected = firstChangeByWalking(randomScorer, recency, frequency, monetary, 5_000);
                OptionalLong actual = randomScorer.nextSegmentChangeDay(recency, frequency, monetary);

                if (expected.isPresent()) {
                    withAChange++;
                    assertThat(actual).as("trial %d", trial).isEqualTo(expected);
                } else {
                    // nothing within the walk: the closed form must not claim a day inside it either
                    assertThat(actual.orElse(Long.MAX_VALUE)).as("trial %d", trial).isGreaterThan(recency + 5_000);
                }
            }
            assertThat(withAChange).as("trials whose customer changes segment").isGreaterThan(80);
        }

        private static OptionalLong firstChangeByWalking(SegmentScorer scorer, long recency, long frequency,
                                                         double monetary, int maxDays) {
            int current = scorer.nearestIndex(scorer.point(recency, frequency, monetary));
            for (long day = recency + 1; day <= recency + maxDays; day++) {
                if (scorer.nearestIndex(scorer.point(day, frequency, monetary)) != current) {
                    return OptionalLong.of(day);
                }
            }
            return OptionalLong.empty();
        }

        private static SegmentModel randomModel(Random random) {
            int k = 2 + random.nextInt(6);
            SegmentModel.Segment[] segments = new SegmentModel.Segment[k];
            for (int s = 0; s < k; s++) {
                segments[s] = TestModels.segment("s" + s, random.nextGaussian() * 1.5, random.nextGaussian(),
                        random.nextGaussian());
            }
            return TestModels.model(new double[] {3.5, 1.2, 6.0},
                    new double[] {0.5 + random.nextDouble(), 0.8, 1.3}, segments);
        }
    }

    @Test
    void anInvalidModelCannotBeUsedForScoring() {
        SegmentModel noSegments = TestModels.model(ORIGIN, UNIT);

        assertThatThrownBy(() -> SegmentScorer.of(noSegments))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("model has no segments");
    }

    @Test
    void laterChangesToTheModelsArraysDoNotChangeTheScorer() {
        double[] centroid = {1, 0, 0};
        SegmentScorer scorer = SegmentScorer.of(TestModels.model(ORIGIN, UNIT, TestModels.segment("a", centroid)));

        centroid[0] = 100;

        assertThat(scorer.distances(ORIGIN)).containsExactly(1.0);
    }
}
