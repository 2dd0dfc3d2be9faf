package org.rfmstream.ops.retail;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * Invoice dates as the UCI file writes them ({@code 12/1/2010 8:26}, month first) or as ISO-8601
 * ({@code 2010-12-01T08:26:00Z}, {@code 2010-12-01 08:26:00}). A date without a zone is UTC.
 */
public final class RetailDates {

    /** The UCI file's own format, which {@code ops generate} writes too. */
    public static final DateTimeFormatter UCI = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");

    private static final DateTimeFormatter UCI_OPTIONAL_SECONDS = DateTimeFormatter.ofPattern("M/d/yyyy H:mm[:ss]");

    private static final DateTimeFormatter ISO_LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();

    private RetailDates() {
    }

    /** @throws DateTimeParseException when the text is in none of the accepted formats */
    public static Instant parse(String text) {
        String value = text.trim();
        if (value.indexOf('/') >= 0) {
            return LocalDateTime.parse(value, UCI_OPTIONAL_SECONDS).toInstant(ZoneOffset.UTC);
        }
        char last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        if (last == 'Z' || last == 'z' || hasOffset(value)) {
            return OffsetDateTime.parse(value.replace(' ', 'T')).toInstant();
        }
        return LocalDateTime.parse(value, ISO_LOCAL).toInstant(ZoneOffset.UTC);
    }

    public static String format(LocalDateTime utc) {
        return UCI.format(utc);
    }

    /** An offset such as {@code +01:00} after the time part (a date's own dashes come before the 'T'). */
    private static boolean hasOffset(String value) {
        int timeStart = Math.max(value.indexOf('T'), value.indexOf(' '));
        return timeStart > 0 && (value.indexOf('+', timeStart) > 0 || value.indexOf('-', timeStart) > 0);
    }
}
