package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RfmScoringTest {

    private static final RfmScoring.Edges EDGES = new RfmScoring.Edges(List.of(10L, 30L, 90L, 180L),
            List.of(1L, 1L, 2L, 5L), List.of(new BigDecimal("50.00"), new BigDecimal("120.00"),
                    new BigDecimal("300.00"), new BigDecimal("900.00")));

    @Test
    void edgesAreTheNearestRankQuintiles() {
        // Reference: numpy.quantile(v, [0.2, 0.4, 0.6, 0.8], method='inverted_cdf') (the nearest-rank rule) on
        // v = [1,1,1,1,2,2,3,5,8,13,21,1,1,2,40] gives [1, 1, 2, 8] (python3-numpy 1.24, Debian 12).
        long[] v = {1, 1, 1, 1, 2, 2, 3, 5, 8, 13, 21, 1, 1, 2, 40};
        RfmScoring.Edges edges = RfmScoring.edges(v, v, v);
        assertThat(edges.recency()).containsExactly(1L, 1L, 2L, 8L);
        assertThat(edges.frequency()).containsExactly(1L, 1L, 2L, 8L);
        assertThat(edges.monetary()).containsExactly(new BigDecimal("0.01"), new BigDecimal("0.01"),
                new BigDecimal("0.02"), new BigDecimal("0.08"));
    }

    @Test
    void oneCustomerHasEveryEdgeAtTheirOwnValue() {
        RfmScoring.Edges edges = RfmScoring.edges(new long[] {7}, new long[] {2}, new long[] {1999});
        assertThat(edges.recency()).containsExactly(7L, 7L, 7L, 7L);
        assertThat(RfmScoring.score(edges, 7, 2, 1999).rfmScore()).isEqualTo("511");
    }

    @Test
    void recentIsFiveAndOldIsOne() {
        assertThat(RfmScoring.recencyScore(EDGES, 0)).isEqualTo(5);
        assertThat(RfmScoring.recencyScore(EDGES, 10)).isEqualTo(5); // on the edge: the lower quintile
        assertThat(RfmScoring.recencyScore(EDGES, 11)).isEqualTo(4);
        assertThat(RfmScoring.recencyScore(EDGES, 90)).isEqualTo(3);
        assertThat(RfmScoring.recencyScore(EDGES, 180)).isEqualTo(2);
        assertThat(RfmScoring.recencyScore(EDGES, 181)).isEqualTo(1);
    }

    @Test
    void frequentAndBigSpendersScoreHigh() {
        assertThat(RfmScoring.frequencyScore(EDGES, 1)).isEqualTo(1); // the tied majority of one-off buyers
        assertThat(RfmScoring.frequencyScore(EDGES, 2)).isEqualTo(3);
        assertThat(RfmScoring.frequencyScore(EDGES, 3)).isEqualTo(4);
        assertThat(RfmScoring.frequencyScore(EDGES, 6)).isEqualTo(5);
        assertThat(RfmScoring.monetaryScore(EDGES, 5000)).isEqualTo(1);
        assertThat(RfmScoring.monetaryScore(EDGES, 5001)).isEqualTo(2);
        assertThat(RfmScoring.monetaryScore(EDGES, 90_001)).isEqualTo(5);
        assertThat(RfmScoring.monetaryScore(RfmScoring.monetaryEdgeCents(EDGES), 30_000)).isEqualTo(3);
    }

    @Test
    void theGridFollowsTheWrittenRules() {
        assertThat(RfmScoring.score(EDGES, 3, 9, 100_000)).isEqualTo(
                new RfmScoring.Scores(5, 5, 5, "555", "champions", "Champions"));
        assertThat(RfmScoring.group(5, 1, 1)).isEqualTo(RfmScoring.Group.NEW_CUSTOMERS);
        assertThat(RfmScoring.group(4, 1, 1)).isEqualTo(RfmScoring.Group.PROMISING);
        assertThat(RfmScoring.group(5, 2, 3)).isEqualTo(RfmScoring.Group.POTENTIAL_LOYALISTS); // FM = 2.5 -> 3
        assertThat(RfmScoring.group(5, 3, 4)).isEqualTo(RfmScoring.Group.CHAMPIONS); // FM = 3.5 -> 4
        assertThat(RfmScoring.group(3, 4, 5)).isEqualTo(RfmScoring.Group.LOYAL_CUSTOMERS);
        assertThat(RfmScoring.group(3, 3, 3)).isEqualTo(RfmScoring.Group.NEED_ATTENTION);
        assertThat(RfmScoring.group(3, 1, 2)).isEqualTo(RfmScoring.Group.ABOUT_TO_SLEEP);
        assertThat(RfmScoring.group(2, 3, 4)).isEqualTo(RfmScoring.Group.AT_RISK);
        assertThat(RfmScoring.group(1, 5, 5)).isEqualTo(RfmScoring.Group.CANT_LOSE_THEM);
        assertThat(RfmScoring.group(2, 1, 2)).isEqualTo(RfmScoring.Group.HIBERNATING);
        assertThat(RfmScoring.group(1, 2, 1)).isEqualTo(RfmScoring.Group.LOST);
    }

    @Test
    void everyCellHasAGroupAndEveryGroupHasACell() {
        Set<RfmScoring.Group> seen = EnumSet.noneOf(RfmScoring.Group.class);
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    seen.add(RfmScoring.group(r, f, m));
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(RfmScoring.Group.values());
        assertThat(RfmScoring.Group.ofId("cant-lose-them").displayName()).isEqualTo("Can't Lose Them");
        assertThatThrownBy(() -> RfmScoring.group(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aModelWithBadEdgesIsRefused() {
        SegmentModel model = TestModels.designExample().withRfm(new RfmScoring.Edges(List.of(10L, 5L, 90L, 180L),
                List.of(1L, 1L, 2L), EDGES.monetary()));
        assertThat(ModelValidation.problems(model)).containsExactly("rfm.recency edges must not decrease",
                "rfm.frequency must have 4 edges, has 3");
        assertThat(ModelValidation.problems(TestModels.designExample().withRfm(EDGES))).isEmpty();
    }

    @Test
    void theEdgesTravelInTheModelMessage() throws Exception {
        SegmentModel model = TestModels.designExample().withRfm(EDGES);
        SegmentModel read = Json.mapper().readValue(Json.mapper().writeValueAsBytes(model), SegmentModel.class);
        assertThat(read.rfm()).isEqualTo(EDGES);
        assertThat(Json.mapper().readTree(Json.mapper().writeValueAsBytes(model)).at("/rfm/monetary/1").decimalValue())
                .isEqualByComparingTo("120");
    }
}
