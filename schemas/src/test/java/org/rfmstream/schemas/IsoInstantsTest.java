package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast paths must never change an answer of {@link Instant#parse} or {@link Instant#toString}. */
class IsoInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2010-12-01T08:26:00Z", "2011-12-09T12:50:00.5Z", "2011-12-09T12:50:00.123456789Z",
            "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2012-02-29T00:00:00Z",
            "2010-12-01T08:26:00+01:00", "2010-12-01t08:26:00z", "+12010-12-01T08:26:00Z",
            "2016-12-31T23:59:60Z", "2010-12-01T24:00:00Z", "2010-12-01T08:26:00.Z"})
    void agreesWithInstantParseOnValidInstants(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2010-12-01", "2011-02-29T00:00:00Z", "2010-13-01T08:26:00Z", "2010-12-32T08:26:00Z",
            "2010-12-01T08:60:00Z", "2010-12-01T08:26:00.1234567890Z",
            "2010-12-01 08:26:00Z", "2010-12-01T08:26:00", "2010-1a-01T08:26:00Z", "２０１０-12-01T08:26:00Z"})
    void refusesWhatInstantParseRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void agreesWithInstantParseOnRandomInstantsOfEveryPrecision() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = instant.toString();
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(instant);
        }
    }

    @Test
    void formatsExactlyAsInstantToStringAtEveryPrecisionAndYear() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 50_000; i++) {
            long second = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nanos);
            assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
        }
        for (Instant edge : new Instant[] {Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.ofEpochSecond(-1, 1)}) {
            assertThat(IsoInstants.format(edge)).isEqualTo(edge.toString());
        }
    }
}
