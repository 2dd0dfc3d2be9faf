package org.rfmstream.schemas.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 2F1 and the closed forms against values computed independently with mpmath at 50 digits from the formulas as
 * the papers print them (src/test/resources/value/make_reference.py says how; reference.csv is its output). The
 * Java side uses Euler's transformation for the conditional expectation, the reference does not, so agreement
 * also checks that identity.
 */
class ReferenceValuesTest {

    /** Double precision through a few dozen operations; the series itself is summed to 1e-15. */
    private static final double RELATIVE = 1e-11;

    record Row(String kind, double[] in, double expected) {
        @Override
        public String toString() {
            return kind + java.util.Arrays.toString(in);
        }
    }

    static Stream<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream stream = Objects.requireNonNull(
                ReferenceValuesTest.class.getResourceAsStream("/value/reference.csv"));
             BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cells = line.split(",");
                double[] in = new double[cells.length - 2];
                for (int i = 0; i < in.length; i++) {
                    in[i] = Double.parseDouble(cells[i + 1]);
                }
                rows.add(new Row(cells[0], in, Double.parseDouble(cells[cells.length - 1])));
            }
        }
        assertThat(rows).hasSizeGreaterThan(200);
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void agreesWithMpmath(Row row) {
        double[] v = row.in();
        double actual = switch (row.kind()) {
            case "hyp2f1" -> Hypergeometric.hyp2f1(v[0], v[1], v[2], v[3]);
            case "bgnbd_ll" -> bg(v).logLikelihood((long) v[4], v[5], v[6]);
            case "p_alive" -> bg(v).pAlive((long) v[4], v[5], v[6]);
            case "median_wait" -> bg(v).medianWaitGivenAlive((long) v[4], v[6]);
            case "conditional" -> bg(v).expectedPurchases((long) v[4], v[5], v[6], v[7]);
            case "unconditional" -> bg(v).expectedPurchases(v[4]);
            case "gg_ll" -> new GammaGamma(v[0], v[1], v[2]).logLikelihood((long) v[3], v[4]);
            case "gg_mean" -> new GammaGamma(v[0], v[1], v[2]).expectedOrderValue((long) v[3], v[4]);
            default -> throw new IllegalArgumentException("unknown reference kind " + row.kind());
        };
        assertThat(actual).isCloseTo(row.expected(), within(RELATIVE * Math.max(1, Math.abs(row.expected()))));
    }

    private static BgNbd bg(double[] v) {
        return new BgNbd(v[0], v[1], v[2], v[3]);
    }
}
