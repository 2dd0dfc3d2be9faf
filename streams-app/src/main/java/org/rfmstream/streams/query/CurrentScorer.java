package org.rfmstream.streams.query;

import java.util.Objects;
import org.rfmstream.schemas.InvalidModelException;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;
import org.rfmstream.schemas.value.ValueScorer;
import org.rfmstream.schemas.value.ValueSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer of the model in force, rebuilt only when the model changes, so that scoring a request neither
 * validates the model again nor copies its centroids.
 */
final class CurrentScorer {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentScorer.class);

    private final ModelSource models;
    private final ValueSettings valueSettings;
    private volatile SegmentScorer cached;
    private volatile CachedValue cachedValue;

    /** The value models of one model version; {@code model} is null when that version has none (or none usable). */
    private record CachedValue(String name, long version, ValueModel model) {
    }

    CurrentScorer(ModelSource models, ValueSettings valueSettings) {
        this.models = models;
        this.valueSettings = valueSettings;
    }

    /**
     * The value models of the current model, or null when there is no model or it has no usable value block (an
     * unusable block is logged once and treated as absent; the segments stay in force).
     */
    ValueModel value() {
        SegmentModel model = models.current().orElse(null);
        if (model == null) {
            return null;
        }
        CachedValue value = cachedValue;
        if (value == null || value.version() != model.version() || !Objects.equals(value.name(), model.name())) {
            ValueModel built = null;
            if (model.value() != null) {
                try {
                    built = new ValueModel(model.version(), ValueScorer.of(model.value(), valueSettings));
                } catch (IllegalArgumentException e) {
                    LOG.warn("Model v{} has an unusable value block, so no value models: {}", model.version(),
                            e.getMessage());
                }
            }
            value = new CachedValue(model.name(), model.version(), built);
            cachedValue = value;
        }
        return value.model();
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
