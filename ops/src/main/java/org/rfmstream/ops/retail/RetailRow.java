package org.rfmstream.ops.retail;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One CSV row of the retail file as read: either a row whose fields could all be read, or a malformed one
 * (wrong number of fields, an unreadable number or date, no invoice number) with what was wrong.
 */
public sealed interface RetailRow {

    /** The 1-based line of the file the row starts on, for messages. */
    long line();

    /**
     * @param customerId  null for a guest row (no CustomerID)
     * @param stockCode   null when blank
     * @param country     null when blank
     */
    record Parsed(long line, String invoiceNo, String stockCode, String description, int quantity,
                  BigDecimal unitPrice, Instant invoiceDate, String customerId, String country) implements RetailRow {

        public boolean isCancellation() {
            return invoiceNo.regionMatches(true, 0, RetailColumns.CANCELLATION_PREFIX, 0, 1);
        }
    }

    record Malformed(long line, String problem) implements RetailRow {
    }
}
