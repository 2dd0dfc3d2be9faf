package org.rfmstream.ops.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.value.CustomerValue;
import org.rfmstream.schemas.value.ValueScorer;
import org.rfmstream.schemas.value.ValueSettings;

class ProfileCsvTest {

    private static final Instant AS_OF = Instant.parse("2011-12-10T00:00:00Z");

    private static CustomerProfile profile(String id, String segment, String lastPurchase, long frequency, String monetary) {
        return new CustomerProfile(id, Instant.parse("2011-01-01T10:00:00Z"), Instant.parse(lastPurchase), frequency,
                new BigDecimal(monetary), new BigDecimal("0.00"), segment, null, segment == null ? null : 3L, null,
                Instant.parse(lastPurchase));
    }

    private final List<CustomerProfile> profiles = List.of(
            profile("17850", "champions", "2011-12-09T12:00:00Z", 34, "5391.21"),
            profile("12346", "lost", "2011-01-18T10:01:00Z", 1, "77183.6"),
            profile("13047", "champions", "2011-12-08T09:00:00Z", 10, "3237.54"),
            profile("99999", null, "2011-12-01T00:00:00Z", 1, "10"));

    @Test
    void writesOneLinePerCustomerInIdOrderWithRecencyAtTheGivenInstant() throws IOException {
        StringBuilder out = new StringBuilder();

        long written = ProfileCsv.write(profiles, AS_OF, null, out);

        assertThat(written).isEqualTo(4);
        assertThat(out.toString().lines().toList()).containsExactly(
                "customerId,segment,recencyDays,frequency,monetary,refunded,firstPurchase,lastPurchase,segmentSince,"
                        + "modelVersion,nextReviewAt,updatedAt,firstOrderAmount,pAlive,churnRisk,expectedOrders,"
                        + "horizonDays,expectedOrderValue,predictedClv,expectedNextOrderAt",
                "12346,lost,325,1,77183.60,0.00,2011-01-01T10:00:00Z,2011-01-18T10:01:00Z,,3,,2011-01-18T10:01:00Z"
                        + ",,,,,,,,",
                "13047,champions,1,10,3237.54,0.00,2011-01-01T10:00:00Z,2011-12-08T09:00:00Z,,3,,2011-12-08T09:00:00Z"
                        + ",,,,,,,,",
                "17850,champions,0,34,5391.21,0.00,2011-01-01T10:00:00Z,2011-12-09T12:00:00Z,,3,,2011-12-09T12:00:00Z"
                        + ",,,,,,,,",
                "99999,,9,1,10.00,0.00,2011-01-01T10:00:00Z,2011-12-01T00:00:00Z,,,,2011-12-01T00:00:00Z,,,,,,,,");
    }

    @Test
    void withValueModelsEachCustomersValueAtTheInstantFillsTheValueColumns() throws IOException {
        ValueScorer scorer = ValueScorer.of(new SegmentModel.Value("weeks", 0.243, 4.414, 0.793, 2.426, 6.25, 3.74,
                15.44, 0, 0, 1, 1, null), ValueSettings.defaults());
        CustomerProfile customer = new CustomerProfile("17850", Instant.parse("2011-01-01T10:00:00Z"),
                Instant.parse("2011-12-09T12:00:00Z"), 34, new BigDecimal("5391.21"), new BigDecimal("0.00"),
                "champions", null, 3L, null, Instant.parse("2011-12-09T12:00:00Z"), new BigDecimal("120.50"));
        StringBuilder out = new StringBuilder();

        ProfileCsv.write(List.of(customer), AS_OF, null, scorer, out);

        CustomerValue expected = scorer.evaluate(customer, AS_OF);
        String line = out.toString().lines().skip(1).findFirst().orElseThrow();
        assertThat(line).endsWith(",120.50," + expected.pAlive() + "," + expected.churnRisk() + ","
                + expected.expectedOrders() + ",90," + expected.expectedOrderValue() + "," + expected.predictedClv()
                + "," + expected.expectedNextOrderAt());
    }

    @Test
    void keepsOnlyTheCustomersOfTheAskedSegment() throws IOException {
        StringBuilder out = new StringBuilder();

        long written = ProfileCsv.write(profiles, AS_OF, "champions", out);

        assertThat(written).isEqualTo(2);
        assertThat(out.toString().lines().skip(1).map(line -> line.substring(0, line.indexOf(','))))
                .containsExactly("13047", "17850");
    }
}
