package org.rfmstream.ops.retail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a file in the UCI Online Retail CSV format row by row, streaming: the columns are found by their header
 * names (any order, any case), and a row that cannot be read becomes a {@link RetailRow.Malformed} instead of an
 * error, so that bad rows never stop a replay.
 *
 * <p>Bytes that are not UTF-8 (the UCI file itself is Latin-1 in places) are replaced, not fatal: only the
 * descriptions, which no event carries, can contain them.
 */
public final class RetailCsvReader implements Iterator<RetailRow>, AutoCloseable {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int[] columns = new int[RetailColumns.HEADER.size()];
    private RetailRow next;
    private boolean broken;

    /**
     * @throws RetailFileException when the file has no header or lacks one of the columns the events need
     */
    public RetailCsvReader(Reader reader) {
        try {
            this.parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        } catch (IOException e) {
            throw new RetailFileException("cannot read the CSV file: " + e.getMessage(), e);
        }
        this.records = parser.iterator();
        readHeader();
    }

    public static RetailCsvReader of(InputStream in) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new RetailCsvReader(new InputStreamReader(in, decoder));
    }

    private void readHeader() {
        CSVRecord header;
        try {
            if (!records.hasNext()) {
                throw new RetailFileException("the file is empty: expected a header line "
                        + String.join(",", RetailColumns.HEADER));
            }
            header = records.next();
        } catch (UncheckedIOException e) {
            throw new RetailFileException("cannot read the CSV header: " + e.getMessage(), e);
        }
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            positions.putIfAbsent(normalise(header.get(i)), i);
        }
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < columns.length; c++) {
            Integer position = positions.get(normalise(RetailColumns.HEADER.get(c)));
            if (position == null) {
                missing.add(RetailColumns.HEADER.get(c));
            } else {
                columns[c] = position;
            }
        }
        if (!missing.isEmpty()) {
            throw new RetailFileException("the header lacks the column(s) " + String.join(", ", missing)
                    + ": expected " + String.join(",", RetailColumns.HEADER));
        }
    }

    private static String normalise(String name) {
        return name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (broken) {
            return false;
        }
        try {
            if (!records.hasNext()) {
                return false;
            }
            next = toRow(records.next());
        } catch (UncheckedIOException | IllegalStateException e) {
            // An unterminated quote swallows the rest of the file: report it once and stop there.
            broken = true;
            next = new RetailRow.Malformed(parser.getCurrentLineNumber(),
                    "unreadable CSV from here to the end of the file: " + e.getMessage());
        }
        return true;
    }

    @Override
    public RetailRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RetailRow row = next;
        next = null;
        return row;
    }

    private RetailRow toRow(CSVRecord record) {
        long line = record.getParser().getCurrentLineNumber();
        String[] values = new String[columns.length];
        for (int c = 0; c < columns.length; c++) {
            if (columns[c] >= record.size()) {
                return new RetailRow.Malformed(line, "has " + record.size() + " fields, fewer than the header's");
            }
            values[c] = record.get(columns[c]).trim();
        }
        String invoiceNo = values[0];
        if (invoiceNo.isEmpty()) {
            return new RetailRow.Malformed(line, "has no InvoiceNo");
        }
        int quantity;
        try {
            quantity = Integer.parseInt(values[3]);
        } catch (NumberFormatException e) {
            return new RetailRow.Malformed(line, "Quantity '" + values[3] + "' is not a whole number");
        }
        BigDecimal unitPrice;
        try {
            unitPrice = new BigDecimal(values[5]);
        } catch (NumberFormatException e) {
            return new RetailRow.Malformed(line, "UnitPrice '" + values[5] + "' is not a number");
        }
        Instant date;
        try {
            date = RetailDates.parse(values[4]);
        } catch (DateTimeException e) {
            return new RetailRow.Malformed(line, "InvoiceDate '" + values[4] + "' is not M/d/yyyy H:mm or ISO-8601");
        }
        return new RetailRow.Parsed(line, invoiceNo, blankToNull(values[1]), values[2], quantity, unitPrice, date,
                customerId(values[6]), blankToNull(values[7]));
    }

    /** Spreadsheet exports write the numeric ids as {@code 17850.0}; the id is {@code 17850}. */
    static String customerId(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.endsWith(".0") && value.length() > 2 && value.chars().limit(value.length() - 2).allMatch(Character::isDigit)) {
            return value.substring(0, value.length() - 2);
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
