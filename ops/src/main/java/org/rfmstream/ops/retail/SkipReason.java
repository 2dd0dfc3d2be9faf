package org.rfmstream.ops.retail;

/**
 * Why a row of the retail file did not become part of an event. A row is checked in this order and counted
 * once, under the first reason that applies.
 */
public enum SkipReason {
    MALFORMED_ROW("malformed row (wrong number of fields, unreadable number or date, or no invoice number)"),
    MISSING_CUSTOMER_ID("no CustomerID (guest or adjustment)"),
    CANCELLATION_SKIPPED("cancellation, skipped by --cancellations skip"),
    NON_POSITIVE_QUANTITY("quantity not above 0 (negative for a cancellation's line)"),
    NON_POSITIVE_PRICE("unit price not above 0"),
    CUSTOMER_MISMATCH("CustomerID differs from the rest of its invoice"),
    INVOICE_NOT_CONTIGUOUS("invoice already sent earlier in the file (its rows are not consecutive)"),
    ZERO_AMOUNT_INVOICE("its invoice's usable lines total less than half a cent");

    private final String description;

    SkipReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
