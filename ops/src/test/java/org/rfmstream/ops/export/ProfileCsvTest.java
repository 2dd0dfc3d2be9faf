package org.rfmstream.ops.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.CustomerProfile;

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
                        + "modelVersion,nextReviewAt,updatedAt",
                "12346,lost,325,1,77183.60,0.00,2011-01-01T10:00:00Z,2011-01-18T10:01:00Z,,3,,2011-01-18T10:01:00Z",
                "13047,champions,1,10,3237.54,0.00,2011-01-01T10:00:00Z,2011-12-08T09:00:00Z,,3,,2011-12-08T09:00:00Z",
                "17850,champions,0,34,5391.21,0.00,2011-01-01T10:00:00Z,2011-12-09T12:00:00Z,,3,,2011-12-09T12:00:00Z",
                "99999,,9,1,10.00,0.00,2011-01-01T10:00:00Z,2011-12-01T00:00:00Z,,,,2011-12-01T00:00:00Z");
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
