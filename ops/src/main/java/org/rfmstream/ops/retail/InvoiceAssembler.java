package org.rfmstream.ops.retail;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionLine;
import org.rfmstream.schemas.TransactionType;

/**
 * Turns the rows of a retail file into one {@link Transaction} per invoice, streaming: the rows of an invoice
 * are consecutive (as in the UCI file), so an invoice is complete when the next one starts and only the
 * invoice numbers already sent are remembered.
 *
 * <p>eventId is the InvoiceNo; the amount is the sum of quantity × unit price over the invoice's usable lines;
 * the timestamp and country are those of its first usable line. A cancellation ({@code C...}) becomes a REFUND
 * whose lines carry the returned quantities as positive numbers, or is dropped under
 * {@link CancellationPolicy#SKIP}. Unusable rows are counted by {@link SkipReason}, never fatal.
 */
public final class InvoiceAssembler {

    public static final String DEFAULT_CURRENCY = "GBP";

    /** Above this, an event carries its amount without lines, so that it stays well below the size limit. */
    public static final int MAX_LINES_PER_EVENT = 500;

    private final CancellationPolicy cancellations;
    private final String currency;
    private final Consumer<Transaction> sink;
    private final RowCounts counts = new RowCounts();
    private final Set<String> sentInvoices = new HashSet<>();

    private String invoiceNo;
    private boolean refund;
    private String customerId;
    private Instant timestamp;
    private String country;
    private final List<TransactionLine> lines = new ArrayList<>();

    public InvoiceAssembler(CancellationPolicy cancellations, String currency, Consumer<Transaction> sink) {
        this.cancellations = Objects.requireNonNull(cancellations);
        this.currency = currency;
        this.sink = Objects.requireNonNull(sink);
    }

    /** Reads every row of the file and sends every event; the counts say what became of the rows. */
    public static RowCounts assemble(RetailCsvReader reader, CancellationPolicy cancellations, String currency,
                                     Consumer<Transaction> sink) {
        InvoiceAssembler assembler = new InvoiceAssembler(cancellations, currency, sink);
        reader.forEachRemaining(assembler::accept);
        assembler.finish();
        return assembler.counts();
    }

    public void accept(RetailRow row) {
        counts.read();
        switch (row) {
            case RetailRow.Malformed malformed -> counts.skip(SkipReason.MALFORMED_ROW);
            case RetailRow.Parsed parsed -> accept(parsed);
        }
    }

    private void accept(RetailRow.Parsed row) {
        if (!row.invoiceNo().equals(invoiceNo)) {
            finishInvoice();
            invoiceNo = row.invoiceNo();
            refund = row.isCancellation();
        }
        SkipReason reason = reasonToSkip(row);
        if (reason != null) {
            counts.skip(reason);
            return;
        }
        if (lines.isEmpty()) {
            customerId = row.customerId();
            timestamp = row.invoiceDate();
            country = row.country();
        }
        int quantity = refund ? -row.quantity() : row.quantity();
        lines.add(new TransactionLine(row.stockCode(), quantity, row.unitPrice()));
    }

    private SkipReason reasonToSkip(RetailRow.Parsed row) {
        if (row.customerId() == null) {
            return SkipReason.MISSING_CUSTOMER_ID;
        }
        if (refund && cancellations == CancellationPolicy.SKIP) {
            return SkipReason.CANCELLATION_SKIPPED;
        }
        int quantity = refund ? -row.quantity() : row.quantity();
        if (quantity <= 0) {
            return SkipReason.NON_POSITIVE_QUANTITY;
        }
        if (row.unitPrice().signum() <= 0) {
            return SkipReason.NON_POSITIVE_PRICE;
        }
        if (!lines.isEmpty() && !customerId.equals(row.customerId())) {
            return SkipReason.CUSTOMER_MISMATCH;
        }
        if (sentInvoices.contains(row.invoiceNo())) {
            // Its event is already sent; a second event with the same eventId would be dropped as a duplicate.
            return SkipReason.INVOICE_NOT_CONTIGUOUS;
        }
        return null;
    }

    /** Sends the last invoice; call once after the last row. */
    public void finish() {
        finishInvoice();
        invoiceNo = null;
    }

    private void finishInvoice() {
        if (lines.isEmpty()) {
            return;
        }
        BigDecimal total = BigDecimal.ZERO;
        for (TransactionLine line : lines) {
            total = total.add(line.total());
        }
        BigDecimal amount = Money.round(total);
        if (amount.signum() <= 0) {
            // e.g. one line of 1 × 0.001: no event may carry a zero amount
            lines.forEach(line -> counts.skip(SkipReason.ZERO_AMOUNT_INVOICE));
            lines.clear();
            return;
        }
        List<TransactionLine> eventLines = lines.size() > MAX_LINES_PER_EVENT ? null : List.copyOf(lines);
        Transaction transaction = new Transaction(invoiceNo, customerId,
                refund ? TransactionType.REFUND : TransactionType.PURCHASE, timestamp, amount, currency,
                country, eventLines);
        lines.forEach(line -> counts.used());
        lines.clear();
        sentInvoices.add(invoiceNo);
        if (refund) {
            counts.refund();
        } else {
            counts.purchase();
        }
        sink.accept(transaction);
    }

    public RowCounts counts() {
        return counts;
    }
}
