package org.rfmstream.schemas.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.SegmentModel;

/** From a profile to the customer's value: x, t_x, T, zbar, and each figure's definition. */
class ValueScorerTest {

    private static final SegmentModel.Value CDNOW_WEEKS = new SegmentModel.Value("weeks", 0.243, 4.414, 0.793,
            2.426, 6.25, 3.74, 15.44, -9582.4, -4000, 2357, 946, null);
    private static final Instant FIRST = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    private static CustomerProfile profile(long frequency, Instant last, String monetary, String firstOrder) {
        return new CustomerProfile("c1", FIRST, last, frequency, new BigDecimal(monetary), BigDecimal.ZERO.setScale(2),
                null, null, null, null, last, firstOrder == null ? null : new BigDecimal(firstOrder));
    }

    @Test
    void aProfileIsReadAsTheModelsHistory() {
        ValueScorer scorer = ValueScorer.of(CDNOW_WEEKS, new ValueSettings(273, 1, 0));
        // x = 2 repeat purchases, the last 30.43 weeks after the first, observed for 38.86 weeks (the paper's
        // example customer): 39 weeks (273 days) ahead the paper expects 1.226 purchases
        Instant last = FIRST.plus(Duration.ofMillis(Math.round(30.43 * WEEK.toMillis())));
        Instant asOf = FIRST.plus(Duration.ofMillis(Math.round(38.86 * WEEK.toMillis())));
        CustomerValue value = scorer.evaluate(profile(3, last, "100.00", "40.00"), asOf);
        BgNbd model = scorer.bgNbd();
        assertThat(value.expectedOrders()).isCloseTo(1.226, within(0.0005));
        assertThat(value.pAlive()).isCloseTo(model.pAlive(2, 30.43, 38.86), within(1e-9));
        assertThat(value.churnRisk()).isCloseTo(1 - value.pAlive(), within(1e-15));
        assertThat(value.horizonDays()).isEqualTo(273);
        // zbar = (100 - 40) / 2 = 30
        assertThat(value.expectedOrderValue())
                .isEqualByComparingTo(money(scorer.gammaGamma().expectedOrderValue(2, 30)));
        assertThat(value.predictedClv())
                .isEqualByComparingTo(money(value.expectedOrders() * scorer.gammaGamma().expectedOrderValue(2, 30)));
        double medianWeeks = model.medianWaitGivenAlive(2, 38.86);
        assertThat(Duration.between(asOf, value.expectedNextOrderAt()).toMillis() / (double) WEEK.toMillis())
                .isCloseTo(medianWeeks, within(1e-6));
    }

    @Test
    void theTimeUnitChangesOnlyAlpha() {
        SegmentModel.Value days = new SegmentModel.Value("days", 0.243, 4.414 * 7, 0.793, 2.426, 6.25, 3.74, 15.44,
                0, 0, 1, 1, null);
        Instant last = FIRST.plus(Duration.ofDays(200));
        Instant asOf = FIRST.plus(Duration.ofDays(300));
        CustomerValue inWeeks = ValueScorer.of(CDNOW_WEEKS, ValueSettings.defaults())
                .evaluate(profile(5, last, "250.00", "50.00"), asOf);
        CustomerValue inDays = ValueScorer.of(days, ValueSettings.defaults())
                .evaluate(profile(5, last, "250.00", "50.00"), asOf);
        assertThat(inDays.pAlive()).isCloseTo(inWeeks.pAlive(), within(1e-12));
        assertThat(inDays.expectedOrders()).isCloseTo(inWeeks.expectedOrders(), within(1e-12));
        assertThat(inDays.predictedClv()).isEqualByComparingTo(inWeeks.predictedClv());
        assertThat(Duration.between(inDays.expectedNextOrderAt(), inWeeks.expectedNextOrderAt()).abs())
                .isLessThanOrEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aOneOrderCustomerIsAliveAndGetsThePopulationsOrderValue() {
        ValueScorer scorer = ValueScorer.of(CDNOW_WEEKS, ValueSettings.defaults());
        CustomerValue value = scorer.evaluate(profile(1, FIRST, "80.00", "80.00"), FIRST.plus(Duration.ofDays(70)));
        assertThat(value.pAlive()).isEqualTo(1);
        assertThat(value.churnRisk()).isZero();
        assertThat(value.expectedOrderValue()).isEqualByComparingTo(money(6.25 * 15.44 / 2.74));
    }

    @Test
    void withoutTheFirstOrderTheMeanOfAllOrdersStandsIn() {
        ValueScorer scorer = ValueScorer.of(CDNOW_WEEKS, ValueSettings.defaults());
        Instant last = FIRST.plus(Duration.ofDays(100));
        CustomerValue value = scorer.evaluate(profile(4, last, "200.00", null), last);
        assertThat(value.expectedOrderValue()).isEqualByComparingTo(money(scorer.gammaGamma().expectedOrderValue(3,
                50)));
    }

    @Test
    void marginAndDiscountLowerTheClvAndNothingElse() {
        Instant last = FIRST.plus(Duration.ofDays(100));
        Instant asOf = FIRST.plus(Duration.ofDays(120));
        CustomerProfile customer = profile(6, last, "600.00", "100.00");
        CustomerValue plain = ValueScorer.of(CDNOW_WEEKS, new ValueSettings(365, 1, 0)).evaluate(customer, asOf);
        CustomerValue margin = ValueScorer.of(CDNOW_WEEKS, new ValueSettings(365, 0.25, 0)).evaluate(customer, asOf);
        CustomerValue discounted = ValueScorer.of(CDNOW_WEEKS, new ValueSettings(365, 1, 0.01))
                .evaluate(customer, asOf);
        assertThat(margin.predictedClv().doubleValue()).isCloseTo(plain.predictedClv().doubleValue() / 4,
                within(0.01));
        assertThat(discounted.predictedClv()).isLessThan(plain.predictedClv());
        // discounting each month's orders at most by its own month's factor: between (1.01)^-13 and (1.01)^-1
        assertThat(discounted.predictedClv().doubleValue())
                .isBetween(plain.predictedClv().doubleValue() * Math.pow(1.01, -13),
                        plain.predictedClv().doubleValue() / 1.01);
        assertThat(discounted.expectedOrders()).isEqualTo(plain.expectedOrders());
    }

    @Test
    void pAliveDecaysWhileTheCustomerBuysNothing() {
        ValueScorer scorer = ValueScorer.of(CDNOW_WEEKS, ValueSettings.defaults());
        Instant last = FIRST.plus(Duration.ofDays(100));
        List<CustomerValue.DecayPoint> decay = scorer.pAliveDecay(profile(6, last, "600.00", "100.00"), last,
                new int[] {0, 30, 90, 365});
        assertThat(decay).extracting(CustomerValue.DecayPoint::days).containsExactly(0, 30, 90, 365);
        for (int i = 1; i < decay.size(); i++) {
            assertThat(decay.get(i).pAlive()).isLessThan(decay.get(i - 1).pAlive());
        }
        assertThat(decay.getFirst().pAlive()).isCloseTo(scorer.evaluate(profile(6, last, "600.00", "100.00"), last)
                .pAlive(), within(1e-15));
    }

    @Test
    void anUnusableBlockIsRefusedWithItsReason() {
        SegmentModel.Value infiniteMean = new SegmentModel.Value("weeks", 0.2, 4, 0.8, 2.4, 6, 0.9, 15, 0, 0, 1, 1,
                null);
        assertThatThrownBy(() -> ValueScorer.of(infiniteMean, ValueSettings.defaults()))
                .hasMessageContaining("q must be above 1");
        SegmentModel.Value months = new SegmentModel.Value("months", 0.2, 4, 0.8, 2.4, 6, 3, 15, 0, 0, 1, 1, null);
        assertThatThrownBy(() -> ValueScorer.of(months, ValueSettings.defaults()))
                .hasMessageContaining("unknown time unit 'months'");
        assertThatThrownBy(() -> new ValueSettings(0, 1, 0)).hasMessageContaining("horizon");
    }

    private static BigDecimal money(double amount) {
        return BigDecimal.valueOf(amount).setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
