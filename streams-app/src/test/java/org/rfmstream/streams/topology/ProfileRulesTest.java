package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.streams.config.SegmentationOptions;

class ProfileRulesTest {

    private static final Instant T0 = Instant.parse("2011-03-01T10:00:00Z");
    private SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void frequencyCountsPurchasesAndMonetarySumsThemToTheCent() {
        app.purchase("c1", "e1", T0, "0.10");
        app.purchase("c1", "e2", T0.plusSeconds(60), "0.20");
        app.purchase("c1", "e3", T0.plusSeconds(120), "1234567.01");

        CustomerProfile profile = app.profile("c1");
        assertThat(profile.frequency()).isEqualTo(3);
        assertThat(profile.monetary()).isEqualByComparingTo("1234567.31");
        assertThat(profile.firstPurchase()).isEqualTo(T0);
        assertThat(profile.lastPurchase()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aRefundLowersMonetaryButChangesNeitherFrequencyNorRecency() {
        app.purchase("c1", "e1", T0, "50.00");
        app.refund("c1", "r1", T0.plus(Duration.ofDays(3)), "20.25");

        CustomerProfile profile = app.profile("c1");
        assertThat(profile.frequency()).isEqualTo(1);
        assertThat(profile.monetary()).isEqualByComparingTo("29.75");
        assertThat(profile.refunded()).isEqualByComparingTo("20.25");
        assertThat(profile.lastPurchase()).isEqualTo(T0);
    }

    @Test
    void monetaryNeverGoesBelowZero() {
        app.purchase("c1", "e1", T0, "10.00");
        app.refund("c1", "r1", T0.plusSeconds(60), "25.00");

        assertThat(app.profile("c1").monetary()).isEqualByComparingTo("0.00");
        assertThat(app.profile("c1").refunded()).isEqualByComparingTo("25.00");
    }

    @Test
    void aLatePurchaseKeepsTheLatestLastPurchaseAndTheEarliestFirstPurchase() {
        app.purchase("c1", "e2", T0.plus(Duration.ofDays(10)), "1.00");
        app.purchase("c1", "e1", T0, "1.00");

        CustomerProfile profile = app.profile("c1");
        assertThat(profile.firstPurchase()).isEqualTo(T0);
        assertThat(profile.lastPurchase()).isEqualTo(T0.plus(Duration.ofDays(10)));
    }

    @Test
    void everyChangeOfAProfileIsWrittenToCustomerProfiles() {
        app.purchase("c1", "e1", T0, "10.00");
        app.purchase("c2", "e2", T0.plusSeconds(1), "7.00");
        app.refund("c1", "r1", T0.plusSeconds(2), "4.00");

        List<CustomerProfile> written = app.profiles.readValuesToList();
        assertThat(written).extracting(CustomerProfile::customerId).containsExactly("c1", "c2", "c1");
        assertThat(written.get(2).monetary()).isEqualByComparingTo("6.00");
        assertThat(written.get(2).segment()).isNull();
    }

    @Test
    void aDuplicateEventChangesNothingAndIsCounted() {
        app.purchase("c1", "e1", T0, "10.00");
        app.profiles.readValuesToList();

        app.purchase("c1", "e1", T0, "10.00");
        app.refund("c1", "e1", T0.plusSeconds(5), "3.00");

        assertThat(app.profile("c1").frequency()).isEqualTo(1);
        assertThat(app.profile("c1").monetary()).isEqualByComparingTo("10.00");
        assertThat(app.profiles.isEmpty()).isTrue();
        assertThat(app.events("duplicate")).isEqualTo(2);
        assertThat(app.events("processed")).isEqualTo(1);
    }

    @Test
    void theSameEventIdForAnotherCustomerIsNotADuplicate() {
        app.purchase("c1", "e1", T0, "10.00");
        app.purchase("c2", "e1", T0, "10.00");

        assertThat(app.profile("c2").frequency()).isEqualTo(1);
        assertThat(app.events("duplicate")).isZero();
    }

    @Test
    void anEventIdIsRememberedForTheDedupRetentionOfEventTimeAndNoLonger() {
        app.close();
        app = new SegmentationDriver(new SegmentationOptions(SegmentationOptions.defaults().topics(),
                SegmentationOptions.Clock.EVENT_TIME, Duration.ofDays(2), Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 100, 100));
        app.purchase("c1", "e1", T0, "10.00");
        app.purchase("c1", "e2", T0.plus(Duration.ofDays(2)), "1.00");
        app.purchase("c1", "e1", T0, "10.00");
        assertThat(app.events("duplicate")).isEqualTo(1);

        app.purchase("c1", "e3", T0.plus(Duration.ofDays(2)).plusMillis(1), "1.00");
        app.purchase("c1", "e1", T0, "10.00");

        assertThat(app.events("duplicate")).isEqualTo(1);
        assertThat(app.profile("c1").frequency()).isEqualTo(4);
    }
}
