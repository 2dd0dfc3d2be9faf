package org.rfmstream.streams.query;

import java.util.Optional;
import org.rfmstream.schemas.SegmentModel;

/** The segment model in force on this instance: the latest valid one, or empty before the first arrives. */
@FunctionalInterface
public interface ModelSource {

    Optional<SegmentModel> current();
}
