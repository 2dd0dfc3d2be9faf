package org.rfmstream.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.SegmentModel;

class RefreshingModelSourceTest {

    private static final long REFRESH = 1_000;

    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<Object> stored = new AtomicReference<>(TestModels.model(1));
    private final ModelSource refreshing = new RefreshingModelSource(() -> {
        reads.incrementAndGet();
        if (stored.get() instanceof RuntimeException failure) {
            throw failure;
        }
        return Optional.ofNullable((SegmentModel) stored.get());
    }, REFRESH, clock::get);

    @Test
    void readsTheSourceAtMostOncePerRefresh() {
        for (int i = 0; i < 10; i++) {
            assertThat(refreshing.current()).get().extracting(SegmentModel::version).isEqualTo(1L);
            clock.addAndGet(REFRESH / 10 - 1);
        }

        assertThat(reads).hasValue(1);
    }

    @Test
    void seesANewModelOnceTheRefreshHasPassed() {
        refreshing.current();
        stored.set(TestModels.model(2));

        assertThat(refreshing.current()).get().extracting(SegmentModel::version).isEqualTo(1L);
        clock.addAndGet(REFRESH);
        assertThat(refreshing.current()).get().extracting(SegmentModel::version).isEqualTo(2L);
    }

    @Test
    void keepsTheLastModelWhenTheSourceCannotBeRead() {
        refreshing.current();
        stored.set(new IllegalStateException("store not queryable"));
        clock.addAndGet(REFRESH);

        assertThat(refreshing.current()).get().extracting(SegmentModel::version).isEqualTo(1L);
    }

    @Test
    void isEmptyUntilTheFirstModel() {
        stored.set(null);

        assertThat(refreshing.current()).isEmpty();
        stored.set(TestModels.model(1));
        clock.addAndGet(REFRESH);
        assertThat(refreshing.current()).isPresent();
    }
}
