package org.rfmstream.schemas.value;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One customer's predicted value at an instant, from the model's BG/NBD and Gamma-Gamma parameters.
 *
 * @param pAlive              P(alive): the probability the customer has not dropped out
 * @param churnRisk           1 - pAlive
 * @param expectedOrders      expected orders in the next {@code horizonDays}
 * @param expectedOrderValue  the expected value of one future order (Gamma-Gamma), 2 decimals
 * @param predictedClv        expected orders × expected order value × margin over the horizon, each month's part
 *                            discounted when a discount rate is set, 2 decimals
 * @param expectedNextOrderAt the median time of the next order if the customer is alive (see
 *                            {@link BgNbd#medianWaitGivenAlive}); read it together with pAlive
 * @param pAliveDecay         P(alive) if the customer buys nothing more, at growing days after the instant; only
 *                            when asked for
 */
public record CustomerValue(double pAlive, double churnRisk, double expectedOrders, int horizonDays,
                            BigDecimal expectedOrderValue, BigDecimal predictedClv, Instant expectedNextOrderAt,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<DecayPoint> pAliveDecay) {

    /** P(alive) {@code days} after the instant, if no purchase happens in between. */
    public record DecayPoint(int days, double pAlive) {
    }

    public CustomerValue withDecay(List<DecayPoint> decay) {
        return new CustomerValue(pAlive, churnRisk, expectedOrders, horizonDays, expectedOrderValue, predictedClv,
                expectedNextOrderAt, decay);
    }
}
