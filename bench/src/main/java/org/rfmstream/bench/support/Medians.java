package org.rfmstream.bench.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The median of each figure over the runs that have it (NaN-free); the mean of the middle two for an even count. */
public final class Medians {

    private Medians() {
    }

    public static Map<String, Double> of(List<Map<String, Double>> runs) {
        Map<String, List<Double>> byFigure = new LinkedHashMap<>();
        for (Map<String, Double> run : runs) {
            run.forEach((figure, value) -> {
                if (value != null && !value.isNaN()) {
                    byFigure.computeIfAbsent(figure, f -> new ArrayList<>()).add(value);
                }
            });
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        byFigure.forEach((figure, values) -> medians.put(figure, median(values)));
        return medians;
    }

    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
