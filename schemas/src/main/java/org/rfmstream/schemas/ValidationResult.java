package org.rfmstream.schemas;

/** A raw transaction is either a valid event or rejected with a reason. */
public sealed interface ValidationResult {

    /** The event, with {@code amount} filled in (from the lines if it was absent) and rounded to cents. */
    record Valid(Transaction transaction) implements ValidationResult {
    }

    /**
     * Why the record is refused.
     *
     * @param reason machine-readable, stable: goes to the DLQ header {@code error.reason}
     * @param field  the offending field, or null when the whole record is at fault
     * @param detail a sentence for people
     */
    record Invalid(Reason reason, String field, String detail) implements ValidationResult {
    }

    /** The stable reasons a transaction is refused; {@link #code()} is what the DLQ header carries. */
    enum Reason {
        TOO_LARGE("too-large"),
        MALFORMED_JSON("malformed-json"),
        NOT_AN_OBJECT("not-an-object"),
        MISSING_FIELD("missing-field"),
        WRONG_TYPE("wrong-type"),
        UNKNOWN_TYPE("unknown-type"),
        INVALID_TIMESTAMP("invalid-timestamp"),
        FUTURE_TIMESTAMP("future-timestamp"),
        NON_POSITIVE_AMOUNT("non-positive-amount"),
        AMOUNT_MISMATCH("amount-mismatch"),
        INVALID_LINE("invalid-line"),
        AMOUNT_OUT_OF_RANGE("amount-out-of-range");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
