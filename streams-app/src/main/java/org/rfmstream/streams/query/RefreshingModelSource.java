package org.rfmstream.streams.query;

import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.rfmstream.schemas.SegmentModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** See {@link ModelSource#refreshing}. A failed read keeps the model read before. */
final class RefreshingModelSource implements ModelSource {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshingModelSource.class);

    private final ModelSource source;
    private final long refreshNanos;
    private final LongSupplier nanoTime;
    private volatile Read last;

    private record Read(Optional<SegmentModel> model, long atNanos) {
    }

    RefreshingModelSource(ModelSource source, long refreshNanos, LongSupplier nanoTime) {
        this.source = Objects.requireNonNull(source, "source");
        this.refreshNanos = refreshNanos;
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<SegmentModel> current() {
        Read read = last;
        long now = nanoTime.getAsLong();
        if (read != null && now - read.atNanos() < refreshNanos) {
            return read.model();
        }
        try {
            read = new Read(source.current(), now);
        } catch (RuntimeException e) {
            // e.g. the global store is not queryable for a moment
            LOG.debug("Cannot read the current model: {}", e.getMessage());
            return read == null ? Optional.empty() : read.model();
        }
        last = read;
        return read.model();
    }
}
