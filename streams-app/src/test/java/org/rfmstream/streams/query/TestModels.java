package org.rfmstream.streams.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.SegmentModel;

/** A small valid model and profiles to query, shared by the tests of this module's HTTP layer. */
public final class TestModels {

    public static final Instant NOW = Instant.parse("2011-12-09T12:00:00Z");

    private TestModels() {
    }

    /** Four segments along "recent, frequent, big spender" to "long gone". */
    public static SegmentModel model(long version) {
        return new SegmentModel(SegmentModel.DEFAULT_NAME, version, NOW, NOW, SegmentModel.FEATURES,
                SegmentModel.TRANSFORM_LOG1P,
                new SegmentModel.Scaler(new double[] {3.0, 1.5, 6.0}, new double[] {1.2, 0.8, 1.3}),
                List.of(
                        segment("champions", "Champions", "VIP offers", -1.0, 1.5, 1.5),
                        segment("loyal", "Loyal", "Loyalty programme", -0.3, 0.8, 0.8),
                        segment("at-risk", "At Risk", "Win-back campaign", 0.8, 0.5, 0.5),
                        segment("lost", "Lost", "Ignore", 1.3, -0.8, -0.8)),
                new SegmentModel.Quality(4, 0.6, 100.0, List.of(), null), 1000);
    }

    private static SegmentModel.Segment segment(String id, String name, String action, double... centroid) {
        return new SegmentModel.Segment(id, name, action, centroid, 100,
                new SegmentModel.SegmentMean(10, 5, 500));
    }

    public static CustomerProfile profile(String id, String segment, String lastPurchase, long frequency,
                                          String monetary) {
        Instant last = Instant.parse(lastPurchase);
        return new CustomerProfile(id, last.minusSeconds(86_400L * 300), last, frequency, new BigDecimal(monetary),
                BigDecimal.ZERO.setScale(2), segment, last, segment == null ? null : 1L, null, last);
    }
}
