package org.rfmstream.schemas.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The series' domain and its convergence checks; its values are checked against mpmath in ReferenceValuesTest. */
class HypergeometricTest {

    @Test
    void closedFormsOfSpecialCases() {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z and 2F1(a, b; b; z) = (1 - z)^-a
        assertThat(Hypergeometric.hyp2f1(1, 1, 2, 0.9)).isCloseTo(-Math.log(0.1) / 0.9, within(1e-13));
        assertThat(Hypergeometric.hyp2f1(2.5, 3, 3, 0.99)).isCloseTo(Math.pow(0.01, -2.5), within(1e-13 * 1e5));
        assertThat(Hypergeometric.hyp2f1(0.3, 0.7, 1.1, 0)).isEqualTo(1);
    }

    @Test
    void aTerminatingSeriesIsAPolynomial() {
        // 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1))
        double b = 1.5;
        double c = 2.5;
        double z = 0.4;
        assertThat(Hypergeometric.hyp2f1(-2, b, c, z))
                .isCloseTo(1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1)), within(1e-15));
    }

    @Test
    void refusesArgumentsOutsideTheSeriesDomain() {
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, 2, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, 2, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, -3, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(Double.POSITIVE_INFINITY, 1, 2, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saysSoWhenTheSeriesDoesNotSettle() {
        // z this close to 1 needs far more than MAX_TERMS terms for 1e-15
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(0.5, 0.5, 3, 1 - 1e-9))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("did not converge");
        // and a sum that leaves the doubles is an error, not Infinity
        assertThatThrownBy(() -> Hypergeometric.hyp2f1(400, 400, 1, 0.999))
                .isInstanceOf(ArithmeticException.class);
    }
}
