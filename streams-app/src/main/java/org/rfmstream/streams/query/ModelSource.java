package org.rfmstream.streams.query;

import java.time.Duration;
import java.util.Optional;
import org.rfmstream.schemas.SegmentModel;

/** The segment model in force on this instance: the latest valid one, or empty before the first arrives. */
@FunctionalInterface
public interface ModelSource {

    Optional<SegmentModel> current();

    /**
     * This source read at most once per {@code refresh}: for a source that deserializes on every read (a global
     * store), so that {@code POST /api/score} does not. A new model is seen within {@code refresh}.
     */
    static ModelSource refreshing(ModelSource source, Duration refresh) {
        return new RefreshingModelSource(source, refresh.toNanos(), System::nanoTime);
    }
}
