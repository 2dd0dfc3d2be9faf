package org.rfmstream.schemas;

import java.time.Instant;
import java.util.List;

/** Small segment models for tests, written so that their arithmetic can be done by hand. */
final class TestModels {

    static final Instant TRAINED_AT = Instant.parse("2011-12-10T00:05:12Z");
    static final Instant AS_OF = Instant.parse("2011-12-10T00:00:00Z");

    private TestModels() {
    }

    static SegmentModel model(double[] mean, double[] std, SegmentModel.Segment... segments) {
        return new SegmentModel(SegmentModel.DEFAULT_NAME, 7, TRAINED_AT, AS_OF, SegmentModel.FEATURES,
                SegmentModel.TRANSFORM_LOG1P, new SegmentModel.Scaler(mean, std), List.of(segments),
                new SegmentModel.Quality(segments.length, 0.61, 1853.4,
                        List.of(new SegmentModel.Candidate(2, 0.55, 4100.2)), 4312),
                4312);
    }

    static SegmentModel.Segment segment(String id, double... centroid) {
        return new SegmentModel.Segment(id, displayName(id), "action for " + id, centroid, 100,
                new SegmentModel.SegmentMean(10, 2, 300));
    }

    /** The model of the design document: features scaled by mean [3.1, 1.2, 6.0] and std [1.4, 0.8, 1.3]. */
    static SegmentModel designExample() {
        return model(new double[] {3.1, 1.2, 6.0}, new double[] {1.4, 0.8, 1.3},
                segment("champions", -1.1, 1.4, 1.3),
                segment("loyal", -0.4, 0.7, 0.6),
                segment("at-risk", 0.8, 0.3, 0.2),
                segment("lost", 1.2, -0.9, -0.8));
    }

    private static String displayName(String id) {
        return Character.toUpperCase(id.charAt(0)) + id.substring(1).replace('-', ' ');
    }
}
