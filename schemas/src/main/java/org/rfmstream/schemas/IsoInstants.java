package org.rfmstream.schemas;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#parse} with a fast path for the form every producer of {@code transactions} writes,
 * {@code 2010-12-01T08:26:00Z} with optional fractional seconds: {@code DateTimeFormatter} costs more than the rest of
 * validating a transaction. Anything else, including everything invalid, goes to {@link Instant#parse}, so the result
 * and the errors are always exactly its own.
 */
public final class IsoInstants {

    private static final int SHORTEST = "2010-12-01T08:26:00Z".length();
    private static final int MAX_FRACTION_DIGITS = 9;

    private IsoInstants() {
    }

    public static Instant parse(CharSequence text) {
        Instant fast = parseCommonForm(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant if {@code text} is a valid {@code uuuu-MM-ddTHH:mm:ss[.fffffffff]Z}, otherwise null. */
    private static Instant parseCommonForm(CharSequence text) {
        int length = text.length();
        if (length < SHORTEST || length > SHORTEST + 1 + MAX_FRACTION_DIGITS || length == SHORTEST + 1
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > SHORTEST) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fractionDigits = length - SHORTEST - 1;
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < MAX_FRACTION_DIGITS; i++) {
                nanos *= 10;
            }
        }
        LocalDate date = LocalDate.of(year, month, 1);
        if (day > date.lengthOfMonth()) {
            return null;
        }
        long epochDay = date.toEpochDay() + day - 1;
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal value of {@code count} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
