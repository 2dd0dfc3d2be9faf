package org.rfmstream.schemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules every reader applies before it lets a segment model decide anything. */
public final class ModelValidation {

    private ModelValidation() {
    }

    /** Everything wrong with the model; empty when it may be used. */
    public static List<String> problems(SegmentModel model) {
        List<String> problems = new ArrayList<>();
        if (model == null) {
            return List.of("model is missing");
        }
        if (model.name() == null || model.name().isBlank()) {
            problems.add("name is missing");
        }
        if (model.version() < 1) {
            problems.add("version must be at least 1, is " + model.version());
        }
        if (!SegmentModel.FEATURES.equals(model.features())) {
            problems.add("features must be " + SegmentModel.FEATURES + ", are " + model.features());
        }
        if (!SegmentModel.TRANSFORM_LOG1P.equals(model.transform())) {
            problems.add("transform must be " + SegmentModel.TRANSFORM_LOG1P + ", is " + model.transform());
        }
        int dimensions = SegmentModel.FEATURES.size();
        SegmentModel.Scaler scaler = model.scaler();
        if (scaler == null || scaler.mean() == null || scaler.std() == null) {
            problems.add("scaler is missing");
        } else {
            checkVector(problems, "scaler.mean", scaler.mean(), dimensions);
            checkVector(problems, "scaler.std", scaler.std(), dimensions);
            for (int i = 0; i < scaler.std().length; i++) {
                if (scaler.std()[i] <= 0) {
                    problems.add("scaler.std[" + i + "] must be positive, is " + scaler.std()[i]);
                }
            }
        }
        if (model.segments() == null || model.segments().isEmpty()) {
            problems.add("model has no segments");
        } else {
            Set<String> ids = new HashSet<>();
            for (int s = 0; s < model.segments().size(); s++) {
                SegmentModel.Segment segment = model.segments().get(s);
                if (segment == null) {
                    problems.add("segments[" + s + "] is missing");
                    continue;
                }
                if (segment.id() == null || segment.id().isBlank()) {
                    problems.add("segments[" + s + "].id is missing");
                } else if (!ids.add(segment.id())) {
                    problems.add("segment id '" + segment.id() + "' appears twice");
                }
                checkVector(problems, "segments[" + s + "].centroid", segment.centroid(), dimensions);
            }
        }
        if (model.rfm() != null) {
            problems.addAll(model.rfm().problems());
        }
        return problems;
    }

    /** @throws InvalidModelException naming every problem, if there is any */
    public static SegmentModel requireValid(SegmentModel model) {
        List<String> problems = problems(model);
        if (!problems.isEmpty()) {
            throw new InvalidModelException("invalid segment model: " + String.join("; ", problems));
        }
        return model;
    }

    private static void checkVector(List<String> problems, String what, double[] vector, int dimensions) {
        if (vector == null) {
            problems.add(what + " is missing");
            return;
        }
        if (vector.length != dimensions) {
            problems.add(what + " must have " + dimensions + " values, has " + vector.length);
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Double.isFinite(vector[i])) {
                problems.add(what + "[" + i + "] is not a finite number: " + vector[i]);
            }
        }
    }
}
