package org.rfmstream.streams.query;

/**
 * The value figures of one segment's customers, summed: churn risk as a double (a probability, not money) and
 * predicted CLV in exact cents (each customer's rounded to the cent), so instances' sums add up without drift.
 *
 * @param customers        customers with a value (every customer with a purchase)
 * @param churnRiskSum     sum of their churn risks
 * @param predictedClvCents sum of their predicted CLVs, in cents
 */
public record SegmentValue(long customers, double churnRiskSum, long predictedClvCents) {

    public static final SegmentValue EMPTY = new SegmentValue(0, 0, 0);

    public SegmentValue plus(SegmentValue other) {
        return new SegmentValue(customers + other.customers, churnRiskSum + other.churnRiskSum,
                Math.addExact(predictedClvCents, other.predictedClvCents));
    }

    public double meanChurnRisk() {
        return customers == 0 ? 0 : churnRiskSum / customers;
    }
}
