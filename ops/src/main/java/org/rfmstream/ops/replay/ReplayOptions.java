package org.rfmstream.ops.replay;

import org.rfmstream.ops.retail.CancellationPolicy;
import org.rfmstream.ops.retail.InvoiceAssembler;

/**
 * @param eventsPerSecond the rate limit; 0 for none
 */
public record ReplayOptions(CancellationPolicy cancellations, double eventsPerSecond, String currency) {

    public static ReplayOptions defaults() {
        return new ReplayOptions(CancellationPolicy.REFUND, 0, InvoiceAssembler.DEFAULT_CURRENCY);
    }

    public ReplayOptions withCancellations(CancellationPolicy policy) {
        return new ReplayOptions(policy, eventsPerSecond, currency);
    }

    public ReplayOptions withRate(double rate) {
        return new ReplayOptions(cancellations, rate, currency);
    }
}
