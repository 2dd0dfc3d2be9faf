package org.rfmstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One purchase or refund, the value of the {@code transactions} topic. A refund's amount is the money
 * returned, always positive. {@code amount} is authoritative once validated (see {@link TransactionValidator}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Transaction(
        String eventId,
        String customerId,
        TransactionType type,
        Instant timestamp,
        BigDecimal amount,
        String currency,
        String country,
        List<TransactionLine> lines) {

    public Transaction {
        lines = lines == null ? null : List.copyOf(lines);
    }
}
