package org.rfmstream.ops.retail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetailDatesTest {

    @Test
    void readsTheUciFormatMonthFirstAsUtc() {
        assertThat(RetailDates.parse("12/1/2010 8:26")).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(RetailDates.parse("1/12/2011 14:05")).isEqualTo(Instant.parse("2011-01-12T14:05:00Z"));
        assertThat(RetailDates.parse("12/09/2011 12:50:30")).isEqualTo(Instant.parse("2011-12-09T12:50:30Z"));
    }

    @Test
    void readsIsoInstantsOffsetsAndLocalTimesAsUtc() {
        assertThat(RetailDates.parse("2010-12-01T08:26:00Z")).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(RetailDates.parse("2010-12-01T09:26:00+01:00")).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(RetailDates.parse("2010-12-01 08:26:00")).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(RetailDates.parse("2010-12-01T08:26")).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
    }

    @Test
    void refusesWhatIsNoDate() {
        assertThatThrownBy(() -> RetailDates.parse("yesterday")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> RetailDates.parse("13/45/2010 8:26")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> RetailDates.parse("")).isInstanceOf(DateTimeException.class);
    }
}
