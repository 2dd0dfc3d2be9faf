package org.rfmstream.trainer.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fit reproduces the published estimates on the CDNOW data (src/test/resources/value/README.md says where the
 * data and the figures come from) to three significant digits, the precision they are published with.
 */
class CdnowFitTest {

    private static long[] x;
    private static double[] tx;
    private static double[] t;
    private static double[] zbar;

    @BeforeAll
    static void read() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                CdnowFitTest.class.getResourceAsStream("/value/cdnow-summary.csv")), StandardCharsets.UTF_8))) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(line.split(","));
                }
            }
        }
        assertThat(rows).hasSize(2357);
        x = new long[rows.size()];
        tx = new double[rows.size()];
        t = new double[rows.size()];
        zbar = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = Long.parseLong(rows.get(i)[1]);
            tx[i] = Double.parseDouble(rows.get(i)[2]);
            t[i] = Double.parseDouble(rows.get(i)[3]);
            zbar[i] = Double.parseDouble(rows.get(i)[4]);
        }
    }

    @Test
    void bgNbdGivesThePublishedEstimates() {
        ValueFitter.BgNbdFit fit = ValueFitter.fitBgNbd(x, tx, t, 42, 3);
        assertThat(threeDigits(fit.model().r())).isEqualTo(0.243);
        assertThat(threeDigits(fit.model().alpha())).isEqualTo(4.41);
        assertThat(threeDigits(fit.model().a())).isEqualTo(0.793);
        assertThat(threeDigits(fit.model().b())).isEqualTo(2.43);
        assertThat(fit.model().alpha()).isCloseTo(4.414, within(0.0005));
        assertThat(fit.model().b()).isCloseTo(2.426, within(0.0005));
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, within(0.05));
    }

    @Test
    void gammaGammaGivesThePublishedEstimates() {
        List<Integer> repeat = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0) {
                repeat.add(i);
            }
        }
        assertThat(repeat).hasSize(946);
        long[] rx = repeat.stream().mapToLong(i -> x[i]).toArray();
        double[] rz = repeat.stream().mapToDouble(i -> zbar[i]).toArray();
        ValueFitter.GammaGammaFit fit = ValueFitter.fitGammaGamma(rx, rz, 42, 3);
        assertThat(threeDigits(fit.model().p())).isEqualTo(6.25);
        assertThat(threeDigits(fit.model().q())).isEqualTo(3.74);
        assertThat(threeDigits(fit.model().gamma())).isEqualTo(15.4);
        assertThat(fit.model().gamma()).isCloseTo(15.44, within(0.01));
    }

    private static double threeDigits(double value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).doubleValue();
    }
}
