package org.rfmstream.ops.generate;

/**
 * A hidden kind of customer behind the generated data. Days count back from the end of the history; each customer
 * draws the first and last purchase day, the number of orders and the basket from the persona's ranges, so the
 * personas differ clearly in recency, frequency and monetary value. The ids are the segment ids of the contract.
 *
 * @param share the fraction of customers with this persona
 */
public enum Persona {
    //                    share  firstDaysAgo  lastDaysAgo  orders   lines   quantity  cancelRate
    CHAMPIONS("champions", 0.10, 300, 372, 0, 14, 12, 30, 3, 9, 6, 24, 0.04),
    LOYAL("loyal", 0.20, 200, 372, 0, 45, 5, 12, 2, 7, 2, 12, 0.03),
    NEW_CUSTOMERS("new-customers", 0.15, 0, 45, 0, 45, 1, 2, 1, 5, 1, 6, 0.02),
    AT_RISK("at-risk", 0.20, 250, 372, 90, 180, 4, 10, 2, 7, 4, 12, 0.03),
    LOST("lost", 0.35, 200, 372, 200, 372, 1, 3, 1, 4, 1, 4, 0.02);

    private final String id;
    private final double share;
    private final int firstDaysAgoMin;
    private final int firstDaysAgoMax;
    private final int lastDaysAgoMin;
    private final int lastDaysAgoMax;
    private final int ordersMin;
    private final int ordersMax;
    private final int linesMin;
    private final int linesMax;
    private final int quantityMin;
    private final int quantityMax;
    private final double cancellationRate;

    Persona(String id, double share, int firstDaysAgoMin, int firstDaysAgoMax, int lastDaysAgoMin, int lastDaysAgoMax,
            int ordersMin, int ordersMax, int linesMin, int linesMax, int quantityMin, int quantityMax,
            double cancellationRate) {
        this.id = id;
        this.share = share;
        this.firstDaysAgoMin = firstDaysAgoMin;
        this.firstDaysAgoMax = firstDaysAgoMax;
        this.lastDaysAgoMin = lastDaysAgoMin;
        this.lastDaysAgoMax = lastDaysAgoMax;
        this.ordersMin = ordersMin;
        this.ordersMax = ordersMax;
        this.linesMin = linesMin;
        this.linesMax = linesMax;
        this.quantityMin = quantityMin;
        this.quantityMax = quantityMax;
        this.cancellationRate = cancellationRate;
    }

    public String id() {
        return id;
    }

    public double share() {
        return share;
    }

    int firstDaysAgoMin() {
        return firstDaysAgoMin;
    }

    int firstDaysAgoMax() {
        return firstDaysAgoMax;
    }

    int lastDaysAgoMin() {
        return lastDaysAgoMin;
    }

    int lastDaysAgoMax() {
        return lastDaysAgoMax;
    }

    int ordersMin() {
        return ordersMin;
    }

    int ordersMax() {
        return ordersMax;
    }

    public int linesMin() {
        return linesMin;
    }

    public int linesMax() {
        return linesMax;
    }

    public int quantityMin() {
        return quantityMin;
    }

    public int quantityMax() {
        return quantityMax;
    }

    double cancellationRate() {
        return cancellationRate;
    }
}
