package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.streams.state.SegmentStatsStore;
import org.rfmstream.streams.state.StoreNames;

class SegmentStatsTest {

    private static final Instant T0 = Instant.parse("2011-03-01T10:00:00Z");
    private final SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void segmentTotalsAreTheSumsOverTheCustomersOfEachSegment() {
        app.purchase("c1", "e1", T0, "10.00");
        app.publishModel(SegmentModelFixtures.loyalAtRiskLost(1));
        app.purchase("c2", "e2", T0.plus(Duration.ofDays(1)), "20.50");
        app.purchase("c1", "e3", T0.plus(Duration.ofDays(2)), "5.25");
        app.refund("c2", "r1", T0.plus(Duration.ofDays(3)), "0.50");
        app.purchase("c3", "e4", T0.plus(Duration.ofDays(40)), "7.00");
        app.purchase("c4", "e5", T0.plus(Duration.ofDays(400)), "1.00"); // moves the others on by inactivity
        app.send("c1", SegmentationDriver.transactionJson("e3", "c1", "PURCHASE", T0.plus(Duration.ofDays(2)),
                "5.25"), T0.plus(Duration.ofDays(400))); // a duplicate changes nothing

        Map<String, SegmentStats> expected = new HashMap<>();
        for (CustomerProfile profile : app.latestProfiles().values()) {
            expected.merge(profile.segment(), SegmentStats.ofCustomer(profile.frequency(),
                    Money.toCents(profile.monetary()), profile.lastPurchase().toEpochMilli()), SegmentStats::plus);
        }
        assertThat(expected.keySet()).hasSizeGreaterThan(1);
        assertThat(totals()).isEqualTo(expected);
    }

    @Test
    void thereAreNoTotalsBeforeAnyModelAssignsSegments() {
        app.purchase("c1", "e1", T0, "10.00");

        assertThat(totals()).isEmpty();
    }

    private Map<String, SegmentStats> totals() {
        return new SegmentStatsStore(app.driver.getKeyValueStore(StoreNames.SEGMENT_STATS)).totals();
    }
}
