package org.rfmstream.trainer;

import org.rfmstream.schemas.SegmentModel;

/** Where models are read from and published to: the compacted {@code segment-models} topic in production. */
public interface ModelStore {

    /**
     * @param model      the latest model that validates, or null
     * @param maxVersion the highest version seen, valid or not (0 when none), so versions only grow
     */
    record Latest(SegmentModel model, long maxVersion) {
        public static final Latest NONE = new Latest(null, 0);
    }

    Latest latest();

    void publish(SegmentModel model);
}
