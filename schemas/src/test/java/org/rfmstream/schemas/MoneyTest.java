package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void roundsHalfUpToTwoDecimals() {
        assertThat(Money.round(new BigDecimal("139.125"))).isEqualTo(new BigDecimal("139.13"));
        assertThat(Money.round(new BigDecimal("139.124"))).isEqualTo(new BigDecimal("139.12"));
        assertThat(Money.round(new BigDecimal("139.1"))).isEqualTo(new BigDecimal("139.10"));
        assertThat(Money.round(new BigDecimal("139"))).isEqualTo(new BigDecimal("139.00"));
        // half-up rounds away from zero on both sides
        assertThat(Money.round(new BigDecimal("-0.005"))).isEqualTo(new BigDecimal("-0.01"));
    }

    @Test
    void zeroHasTwoDecimals() {
        assertThat(Money.ZERO).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void centsRoundTripExactly() {
        assertThat(Money.toCents(new BigDecimal("139.12"))).isEqualTo(13_912L);
        assertThat(Money.toCents(new BigDecimal("139.125"))).isEqualTo(13_913L);
        assertThat(Money.toCents(new BigDecimal("-27.50"))).isEqualTo(-2_750L);
        assertThat(Money.fromCents(13_912L)).isEqualTo(new BigDecimal("139.12"));
        assertThat(Money.fromCents(Money.toCents(new BigDecimal("5391.21")))).isEqualTo(new BigDecimal("5391.21"));
    }

    @Test
    void summingManySmallAmountsInCentsHasNoDrift() {
        // ten thousand purchases of 0.10: 1000.00 exactly; the same sum in doubles is 1000.0000000001588
        long cents = 0;
        double doubles = 0;
        for (int i = 0; i < 10_000; i++) {
            cents += Money.toCents(new BigDecimal("0.10"));
            doubles += 0.10;
        }

        assertThat(Money.fromCents(cents)).isEqualTo(new BigDecimal("1000.00"));
        assertThat(doubles).isNotEqualTo(1000.0);
    }

    @Test
    void anAmountTooLargeForCentsInALongIsRefusedRatherThanWrapped() {
        assertThatThrownBy(() -> Money.toCents(new BigDecimal("1E+20"))).isInstanceOf(ArithmeticException.class);
    }
}
