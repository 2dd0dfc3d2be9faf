package org.rfmstream.ops.retail;

import java.util.Locale;

/** What to do with cancellation invoices ({@code C...}). */
public enum CancellationPolicy {
    /** Send them as REFUND events, the money returned as a positive amount. */
    REFUND,
    /** Drop them, the common practice of batch RFM analyses; their rows are counted as skipped. */
    SKIP;

    public static CancellationPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cancellations must be refund or skip, not '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
