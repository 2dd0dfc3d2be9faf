package org.rfmstream.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rfmstream.streams.query.TestModels.profile;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.SegmentModel;

/**
 * In event time the API's "now" is the latest event clock of this instance's tasks. An instance that has none yet
 * (only standbys, or still restoring) must not fall back to the wall clock, which would make a replayed history look
 * years inactive: a customer is evaluated as of its own last update, the segments as of the model's {@code asOf}.
 */
class UnknownClockTest {

    private static final Host SELF = new Host("app-1", 8080);

    private final FakeMetadataSource metadata = new FakeMetadataSource(SELF);
    private final InMemoryCustomerStore store = new InMemoryCustomerStore();
    private final SegmentModel model = TestModels.model(7);
    private final QueryService service = new QueryService(metadata, store, () -> Optional.of(model),
            new FakePeerClient(), () -> null, QueryService.Options.defaults());

    @Test
    void aCustomerIsEvaluatedAsOfItsOwnLastUpdate() {
        store.active(profile("17850", "champions", "2011-12-05T10:00:00Z", 34, "5391.21"));

        CustomerView view = (CustomerView) ((Answer.Found) service.customer("17850", null, false)).value();

        assertThat(view.asOf()).isEqualTo(Instant.parse("2011-12-05T10:00:00Z"));
        assertThat(view.recencyDays()).isZero();
    }

    @Test
    void anExplicitAsOfStillWins() {
        store.active(profile("17850", "champions", "2011-12-05T10:00:00Z", 34, "5391.21"));

        CustomerView view = (CustomerView) ((Answer.Found) service.customer("17850",
                Instant.parse("2011-12-15T10:00:00Z"), false)).value();

        assertThat(view.recencyDays()).isEqualTo(10);
    }

    @Test
    void theSegmentsAreEvaluatedAsOfTheModelsAsOf() {
        store.active(profile("a1", "champions", "2011-12-05T12:00:00Z", 30, "5000.00"));

        SegmentsView view = (SegmentsView) ((Answer.Found) service.segments(null)).value();

        assertThat(view.asOf()).isEqualTo(model.asOf());
    }
}
