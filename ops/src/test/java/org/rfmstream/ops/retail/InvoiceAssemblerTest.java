package org.rfmstream.ops.retail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionLine;
import org.rfmstream.schemas.TransactionType;
import org.rfmstream.schemas.TransactionValidator;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.ValidationResult;

class InvoiceAssemblerTest {

    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    private final List<Transaction> sent = new ArrayList<>();

    private RowCounts assemble(String csv, CancellationPolicy policy) {
        try (RetailCsvReader reader = new RetailCsvReader(new StringReader(csv))) {
            return InvoiceAssembler.assemble(reader, policy, "GBP", sent::add);
        }
    }

    @Test
    void oneInvoiceOfSeveralLinesIsOnePurchaseWhoseAmountIsTheSumOfTheLines() {
        RowCounts counts = assemble(HEADER
                + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "536365,71053,\"METAL LANTERN, WHITE\",6,12/1/2010 8:26,3.39,17850,United Kingdom\n"
                + "536365,84406B,CREAM CUPID HEARTS COAT HANGER,8,12/1/2010 8:26,2.75,17850,United Kingdom\n",
                CancellationPolicy.REFUND);

        assertThat(sent).containsExactly(new Transaction("536365", "17850", TransactionType.PURCHASE,
                Instant.parse("2010-12-01T08:26:00Z"), new BigDecimal("57.64"), "GBP", "United Kingdom", List.of(
                        new TransactionLine("85123A", 6, new BigDecimal("2.55")),
                        new TransactionLine("71053", 6, new BigDecimal("3.39")),
                        new TransactionLine("84406B", 8, new BigDecimal("2.75")))));
        assertThat(counts.rowsRead()).isEqualTo(3);
        assertThat(counts.rowsUsed()).isEqualTo(3);
        assertThat(counts.purchases()).isEqualTo(1);
        assertThat(counts.skippedTotal()).isZero();
    }

    @Test
    void aCancellationIsARefundOfThePositiveMoneyReturnedWithPositiveLineQuantities() {
        RowCounts counts = assemble(HEADER
                + "C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom\n"
                + "C536383,35004C,SET OF 3 COLOURED  FLYING DUCKS,-2,12/1/2010 9:49,4.65,14527,United Kingdom\n",
                CancellationPolicy.REFUND);

        assertThat(sent).extracting(Transaction::eventId, Transaction::type, Transaction::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("C536379", TransactionType.REFUND, new BigDecimal("27.50")),
                        org.assertj.core.groups.Tuple.tuple("C536383", TransactionType.REFUND, new BigDecimal("9.30")));
        assertThat(sent.get(1).lines()).containsExactly(new TransactionLine("35004C", 2, new BigDecimal("4.65")));
        assertThat(counts.refunds()).isEqualTo(2);
        assertThat(counts.purchases()).isZero();
    }

    @Test
    void skippingCancellationsDropsThemAndCountsTheirRows() {
        RowCounts counts = assemble(HEADER
                + "536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom\n"
                + "C536379,22556,PLASTERS,-12,12/1/2010 9:41,1.65,14527,United Kingdom\n",
                CancellationPolicy.SKIP);

        assertThat(sent).extracting(Transaction::eventId).containsExactly("536365");
        assertThat(counts.skippedByReason()).containsExactlyInAnyOrderEntriesOf(Map.of(SkipReason.CANCELLATION_SKIPPED, 2L));
        assertThat(counts.refunds()).isZero();
    }

    @Test
    void everyUnusableRowIsCountedUnderItsReasonAndTheRestOfItsInvoiceIsStillSent() {
        RowCounts counts = assemble(HEADER
                + "536365,85123A,GUEST LINE,6,12/1/2010 8:26,2.55,,United Kingdom\n"             // missing customer
                + "536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850,United Kingdom\n"        // used
                + "536366,22632,RETURNED,-3,12/1/2010 8:28,1.85,17850,United Kingdom\n"          // non-positive quantity
                + "536366,22634,FREE GIFT,2,12/1/2010 8:28,0,17850,United Kingdom\n"             // non-positive price
                + "536366,22635,OTHER BUYER,1,12/1/2010 8:28,1.00,99999,United Kingdom\n"        // customer mismatch
                + "536366,22636,ZERO,0,12/1/2010 8:28,1.00,17850,United Kingdom\n"               // non-positive quantity
                + "536367,22637,BAD QTY,six,12/1/2010 8:30,1.00,17850,United Kingdom\n"          // malformed
                + "536367,22638,BAD DATE,1,someday,1.00,17850,United Kingdom\n"                  // malformed
                + "536367,22639,BAD PRICE,1,12/1/2010 8:30,£1,17850,United Kingdom\n"            // malformed
                + "536367,22640,SHORT ROW\n"                                                     // malformed
                + ",22641,NO INVOICE,1,12/1/2010 8:30,1.00,17850,United Kingdom\n"              // malformed
                + "536368,22642,TINY,1,12/1/2010 8:31,0.001,17850,United Kingdom\n"             // zero-amount invoice
                + "536369,22643,ADJUST,1,12/1/2010 8:32,-11062.06,17850,United Kingdom\n"       // non-positive price
                + "536366,22644,LATE LINE,1,12/1/2010 8:28,1.00,17850,United Kingdom\n",        // not contiguous
                CancellationPolicy.REFUND);

        assertThat(sent).extracting(Transaction::eventId, Transaction::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("536366", new BigDecimal("11.10")));
        assertThat(counts.rowsRead()).isEqualTo(14);
        assertThat(counts.rowsUsed()).isEqualTo(1);
        assertThat(counts.skippedByReason()).containsExactlyInAnyOrderEntriesOf(Map.of(
                SkipReason.MALFORMED_ROW, 5L,
                SkipReason.MISSING_CUSTOMER_ID, 1L,
                SkipReason.NON_POSITIVE_QUANTITY, 2L,
                SkipReason.NON_POSITIVE_PRICE, 2L,
                SkipReason.CUSTOMER_MISMATCH, 1L,
                SkipReason.INVOICE_NOT_CONTIGUOUS, 1L,
                SkipReason.ZERO_AMOUNT_INVOICE, 1L));
        assertThat(counts.rowsUsed() + counts.skippedTotal()).isEqualTo(counts.rowsRead());
    }

    @Test
    void aCancellationLineWithAPositiveQuantityIsNotARefund() {
        RowCounts counts = assemble(HEADER + "C536379,22556,PLASTERS,12,12/1/2010 9:41,1.65,14527,United Kingdom\n",
                CancellationPolicy.REFUND);

        assertThat(sent).isEmpty();
        assertThat(counts.skipped(SkipReason.NON_POSITIVE_QUANTITY)).isEqualTo(1);
    }

    @Test
    void columnsAreFoundByNameInAnyOrderAndCaseWithAByteOrderMarkAndIsoDates() {
        assemble("\uFEFFcustomerid,Country,invoiceno,InvoiceDate,Quantity,UnitPrice,StockCode,Description,Extra\n"
                        + "17850.0,France,540000,2011-01-04 10:00:00,2,1.25,22423,\"REGENCY CAKESTAND, 3 TIER\",x\n",
                CancellationPolicy.REFUND);

        assertThat(sent).singleElement().satisfies(transaction -> {
            assertThat(transaction.customerId()).isEqualTo("17850");
            assertThat(transaction.country()).isEqualTo("France");
            assertThat(transaction.timestamp()).isEqualTo(Instant.parse("2011-01-04T10:00:00Z"));
            assertThat(transaction.amount()).isEqualByComparingTo("2.50");
        });
    }

    @Test
    void anUnterminatedQuoteIsCountedOnceAndEndsTheFileWithoutAnError() {
        RowCounts counts = assemble(HEADER
                + "536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "536366,85123A,\"BROKEN,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "536367,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n",
                CancellationPolicy.REFUND);

        assertThat(sent).extracting(Transaction::eventId).containsExactly("536365");
        assertThat(counts.skipped(SkipReason.MALFORMED_ROW)).isEqualTo(1);
    }

    @Test
    void aFileWithoutTheNeededColumnsOrWithoutAnyLineIsRefusedAsAWhole() {
        assertThatThrownBy(() -> assemble("InvoiceNo,StockCode,Quantity\n1,2,3\n", CancellationPolicy.REFUND))
                .isInstanceOf(RetailFileException.class)
                .hasMessageContaining("Description, InvoiceDate, UnitPrice, CustomerID, Country");
        assertThatThrownBy(() -> assemble("", CancellationPolicy.REFUND))
                .isInstanceOf(RetailFileException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void everyEventPassesTheContractsValidation() {
        assemble(HEADER
                + "536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "536365,85124B,THIRD,1,12/1/2010 8:26,0.335,17850,United Kingdom\n"
                + "C536366,85123A,HOLDER,-1,12/1/2010 9:26,2.55,17850,\n",
                CancellationPolicy.REFUND);

        TransactionValidator validator = new TransactionValidator();
        assertThat(sent).hasSize(2).allSatisfy(transaction ->
                assertThat(validator.validate(Json.toBytes(transaction), Instant.parse("2012-01-01T00:00:00Z")))
                        .isEqualTo(new ValidationResult.Valid(transaction)));
    }

    @Test
    void aHugeInvoiceIsSentWithItsAmountButWithoutItsLines() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < InvoiceAssembler.MAX_LINES_PER_EVENT + 1; i++) {
            csv.append("536365,S").append(i).append(",ITEM,1,12/1/2010 8:26,1.00,17850,United Kingdom\n");
        }
        assemble(csv.toString(), CancellationPolicy.REFUND);

        assertThat(sent).singleElement().satisfies(transaction -> {
            assertThat(transaction.lines()).isNull();
            assertThat(transaction.amount()).isEqualByComparingTo(String.valueOf(InvoiceAssembler.MAX_LINES_PER_EVENT + 1));
        });
    }
}
