package org.rfmstream.ops.replay;

import java.time.Duration;
import java.util.Map;
import org.rfmstream.ops.retail.RowCounts;
import org.rfmstream.ops.retail.SkipReason;

/**
 * What a replay did.
 *
 * @param eventsSent   events the broker acknowledged
 * @param sendFailures events the broker did not take; {@code firstFailure} says why
 */
public record ReplaySummary(RowCounts rows, long eventsSent, long sendFailures, String firstFailure, Duration elapsed) {

    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : eventsSent / seconds;
    }

    public String describe(String topic) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("Rows read:    %,d%n", rows.rowsRead()));
        text.append(String.format("Rows used:    %,d%n", rows.rowsUsed()));
        text.append(String.format("Events sent:  %,d to %s (%,d purchases, %,d refunds) in %.1f s, %,.0f events/s%n",
                eventsSent, topic, rows.purchases(), rows.refunds(), elapsed.toMillis() / 1000.0, eventsPerSecond()));
        text.append(String.format("Rows skipped: %,d%n", rows.skippedTotal()));
        for (Map.Entry<SkipReason, Long> entry : rows.skippedByReason().entrySet()) {
            text.append(String.format("  %,12d  %s%n", entry.getValue(), entry.getKey().description()));
        }
        if (sendFailures > 0) {
            text.append(String.format("NOT SENT:     %,d events; first error: %s%n", sendFailures, firstFailure));
        }
        return text.toString();
    }
}
