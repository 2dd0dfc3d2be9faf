package org.rfmstream.streams.query;

import java.util.Objects;
import org.rfmstream.schemas.InvalidModelException;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer of the model in force, rebuilt only when the model changes, so that scoring a request neither
 * validates the model again nor copies its centroids.
 */
final class CurrentScorer {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentScorer.class);

    private final ModelSource models;
    private volatile SegmentScorer cached;

    CurrentScorer(ModelSource models) {
        this.models = models;
    }

    /** The scorer of the current model, or null when there is none. */
    SegmentScorer get() {
        SegmentModel model = models.current().orElse(null);
        if (model == null) {
            return null;
        }
        SegmentScorer scorer = cached;
        if (scorer == null || !sameModel(scorer.model(), model)) {
            try {
                scorer = SegmentScorer.of(model);
            } catch (InvalidModelException e) {
                // the model source should only hold valid models; answer as if there were none
                LOG.warn("Ignoring the current segment model: {}", e.getMessage());
                return null;
            }
            cached = scorer;
        }
        return scorer;
    }

    /** A published model never changes under the same name and version; a store may hand out fresh copies. */
    private static boolean sameModel(SegmentModel cached, SegmentModel current) {
        return cached == current
                || (cached.version() == current.version() && Objects.equals(cached.name(), current.name()));
    }
}
