package org.rfmstream.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediansTest {

    @Test
    void everyFigureIsTheMedianOfItsRuns() {
        Map<String, Double> median = Medians.of(List.of(
                Map.of("eventsPerSecond", 900.0, "ratio", 0.5),
                Map.of("eventsPerSecond", 100.0, "ratio", 0.7),
                Map.of("eventsPerSecond", 500.0, "ratio", 0.6)));

        assertThat(median).containsEntry("eventsPerSecond", 500.0).containsEntry("ratio", 0.6);
    }

    @Test
    void anEvenNumberOfRunsTakesTheMeanOfTheMiddleTwo() {
        assertThat(Medians.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void aFigureMissingOrNotANumberInARunIsTheMedianOfTheOtherRuns() {
        Map<String, Double> median = Medians.of(List.of(
                Map.of("a", 1.0, "b", Double.NaN),
                Map.of("a", 3.0, "b", 10.0),
                Map.of("a", 2.0)));

        assertThat(median).containsEntry("a", 2.0).containsEntry("b", 10.0);
    }
}
