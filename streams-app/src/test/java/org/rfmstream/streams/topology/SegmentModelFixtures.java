package org.rfmstream.streams.topology;

import java.time.Instant;
import java.util.List;
import org.rfmstream.schemas.SegmentModel;

/**
 * Hand-built models whose arithmetic a test can follow: the scaler is the identity, so a customer's point is
 * {@code log1p} of their figures, and every centroid sits at the same frequency and monetary, so only recency
 * separates the segments.
 */
final class SegmentModelFixtures {

    static final String MODEL_NAME = SegmentModel.DEFAULT_NAME;
    /** The frequency and monetary every centroid of {@link #byRecency} sits at. */
    static final long FREQUENCY = 1;
    static final String MONETARY = "100.00";

    private SegmentModelFixtures() {
    }

    /** Segments at the given recencies in days, in order: e.g. loyal at 5, at-risk at 60, lost at 300. */
    static SegmentModel byRecency(long version, Object... idAndRecencyDays) {
        List<SegmentModel.Segment> segments = new java.util.ArrayList<>();
        for (int i = 0; i < idAndRecencyDays.length; i += 2) {
            String id = (String) idAndRecencyDays[i];
            double recencyDays = ((Number) idAndRecencyDays[i + 1]).doubleValue();
            segments.add(segment(id, Math.log1p(recencyDays), Math.log1p(FREQUENCY), Math.log1p(100.0)));
        }
        return model(version, segments);
    }

    static SegmentModel.Segment segment(String id, double recency, double frequency, double monetary) {
        return new SegmentModel.Segment(id, id, "act on " + id, new double[] {recency, frequency, monetary}, 10,
                null);
    }

    static SegmentModel model(long version, List<SegmentModel.Segment> segments) {
        return new SegmentModel(MODEL_NAME, version, Instant.parse("2011-01-01T00:00:00Z"),
                Instant.parse("2011-01-01T00:00:00Z"), SegmentModel.FEATURES, SegmentModel.TRANSFORM_LOG1P,
                new SegmentModel.Scaler(new double[] {0, 0, 0}, new double[] {1, 1, 1}), segments,
                new SegmentModel.Quality(segments.size(), 0.5, 1.0, List.of(), null), 100);
    }

    /** loyal (5 days), at-risk (60 days), lost (300 days). */
    static SegmentModel loyalAtRiskLost(long version) {
        return byRecency(version, "loyal", 5, "at-risk", 60, "lost", 300);
    }

    /**
     * The first whole recency day at which a customer sitting at the centroids' frequency and monetary is nearer
     * to {@code farther} than to {@code nearer} (ties stay with the earlier segment), by plain search.
     */
    static long firstDayCloserTo(double nearerDays, double fartherDays) {
        for (long day = 0; ; day++) {
            double x = Math.log1p(day);
            if (Math.abs(x - Math.log1p(fartherDays)) < Math.abs(x - Math.log1p(nearerDays))) {
                return day;
            }
        }
    }
}
