package org.rfmstream.trainer.model;

import java.util.Arrays;

/**
 * The optimal one-to-one assignment (Kuhn-Munkres with potentials, O(rows² · columns)): every row gets a
 * distinct column and the total cost is the smallest possible.
 */
final class Hungarian {

    private Hungarian() {
    }

    /**
     * @param cost rows × columns, rows ≤ columns, every value finite
     * @return for each row the column assigned to it
     */
    static int[] assign(double[][] cost) {
        int rows = cost.length;
        if (rows == 0) {
            return new int[0];
        }
        int columns = cost[0].length;
        if (rows > columns) {
            throw new IllegalArgumentException("cannot assign " + rows + " rows to " + columns + " columns one-to-one");
        }
        // 1-based arrays; column 0 is the virtual start of each augmenting path.
        double[] rowPotential = new double[rows + 1];
        double[] columnPotential = new double[columns + 1];
        int[] rowOfColumn = new int[columns + 1];
        int[] previousColumn = new int[columns + 1];
        for (int row = 1; row <= rows; row++) {
            rowOfColumn[0] = row;
            int column = 0;
            double[] slack = new double[columns + 1];
            Arrays.fill(slack, Double.POSITIVE_INFINITY);
            boolean[] visited = new boolean[columns + 1];
            do {
                visited[column] = true;
                int currentRow = rowOfColumn[column];
                double delta = Double.POSITIVE_INFINITY;
                int nextColumn = 0;
                for (int j = 1; j <= columns; j++) {
                    if (!visited[j]) {
                        double reduced = cost[currentRow - 1][j - 1] - rowPotential[currentRow] - columnPotential[j];
                        if (reduced < slack[j]) {
                            slack[j] = reduced;
                            previousColumn[j] = column;
                        }
                        if (slack[j] < delta) {
                            delta = slack[j];
                            nextColumn = j;
                        }
                    }
                }
                for (int j = 0; j <= columns; j++) {
                    if (visited[j]) {
                        rowPotential[rowOfColumn[j]] += delta;
                        columnPotential[j] -= delta;
                    } else {
                        slack[j] -= delta;
                    }
                }
                column = nextColumn;
            } while (rowOfColumn[column] != 0);
            do {
                int previous = previousColumn[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            } while (column != 0);
        }
        int[] columnOfRow = new int[rows];
        for (int j = 1; j <= columns; j++) {
            if (rowOfColumn[j] != 0) {
                columnOfRow[rowOfColumn[j] - 1] = j - 1;
            }
        }
        return columnOfRow;
    }
}
