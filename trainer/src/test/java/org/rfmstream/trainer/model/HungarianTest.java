package org.rfmstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HungarianTest {

    @Test
    void findsTheCheapestOneToOneAssignmentOfRectangularMatrices() {
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + random.nextInt(6);
            int columns = rows + random.nextInt(4);
            double[][] cost = new double[rows][columns];
            for (double[] row : cost) {
                for (int j = 0; j < columns; j++) {
                    // few distinct values, so ties are common
                    row[j] = random.nextInt(5);
                }
            }
            int[] assignment = Hungarian.assign(cost);

            Set<Integer> used = new HashSet<>();
            double total = 0;
            for (int r = 0; r < rows; r++) {
                assertThat(used.add(assignment[r])).as("column used twice").isTrue();
                total += cost[r][assignment[r]];
            }
            assertThat(total).isEqualTo(bruteForceMinimum(cost, 0, new boolean[columns]));
        }
    }

    private static double bruteForceMinimum(double[][] cost, int row, boolean[] used) {
        if (row == cost.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, cost[row][j] + bruteForceMinimum(cost, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }
}
