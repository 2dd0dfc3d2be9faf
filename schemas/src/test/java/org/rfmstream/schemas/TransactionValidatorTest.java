package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.ValidationResult.Invalid;
import org.rfmstream.schemas.ValidationResult.Reason;
import org.rfmstream.schemas.ValidationResult.Valid;

class TransactionValidatorTest {

    private static final Instant NOW = Instant.parse("2011-12-10T00:00:00Z");

    private final TransactionValidator validator = new TransactionValidator();

    private static byte[] json(String json) {
        return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static String purchase(String extra) {
        return "{'eventId': '536365', 'customerId': '17850', 'type': 'PURCHASE', "
                + "'timestamp': '2010-12-01T08:26:00Z'" + extra + "}";
    }

    private Transaction valid(String json) {
        ValidationResult result = validator.validate(json(json), NOW);
        assertThat(result).isInstanceOf(Valid.class);
        return ((Valid) result).transaction();
    }

    private Invalid invalid(byte[] raw) {
        ValidationResult result = validator.validate(raw, NOW);
        assertThat(result).isInstanceOf(Invalid.class);
        return (Invalid) result;
    }

    private Invalid invalid(String json) {
        return invalid(json(json));
    }

    @Test
    void aValidPurchaseBecomesTheEventWithEveryField() {
        Transaction transaction = valid(purchase(", 'amount': 139.12, 'currency': 'GBP', 'country': 'United Kingdom', "
                + "'lines': [{'sku': '85123A', 'quantity': 6, 'unitPrice': 2.55}, "
                + "{'sku': '71053', 'quantity': 6, 'unitPrice': 3.39}, {'sku': '84406B', 'quantity': 8, 'unitPrice': 2.75}, "
                + "{'sku': '84029G', 'quantity': 6, 'unitPrice': 3.39}, {'sku': '84029E', 'quantity': 6, 'unitPrice': 3.39}, "
                + "{'sku': '22752', 'quantity': 2, 'unitPrice': 7.65}, {'sku': '21730', 'quantity': 6, 'unitPrice': 4.25}]"));

        assertThat(transaction.eventId()).isEqualTo("536365");
        assertThat(transaction.customerId()).isEqualTo("17850");
        assertThat(transaction.type()).isEqualTo(TransactionType.PURCHASE);
        assertThat(transaction.timestamp()).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(transaction.amount()).isEqualTo(new BigDecimal("139.12"));
        assertThat(transaction.currency()).isEqualTo("GBP");
        assertThat(transaction.country()).isEqualTo("United Kingdom");
        assertThat(transaction.lines()).hasSize(7)
                .first().isEqualTo(new TransactionLine("85123A", 6, new BigDecimal("2.55")));
    }

    @Test
    void withoutAnAmountTheAmountIsTheLinesTotalInCents() {
        // 3 × 0.10 + 2 × 0.20 = 0.70 exactly (as doubles, 3 * 0.1 + 2 * 0.2 = 0.7000000000000001)
        Transaction transaction = valid(purchase(
                ", 'lines': [{'quantity': 3, 'unitPrice': 0.10}, {'quantity': 2, 'unitPrice': 0.20}]"));

        assertThat(transaction.amount()).isEqualTo(new BigDecimal("0.70"));
    }

    @Test
    void theAmountIsRoundedHalfUpToCents() {
        assertThat(valid(purchase(", 'amount': 10.005")).amount()).isEqualTo(new BigDecimal("10.01"));
        assertThat(valid(purchase(", 'amount': 10.004")).amount()).isEqualTo(new BigDecimal("10.00"));
        assertThat(valid(purchase(", 'amount': 10")).amount()).isEqualTo(new BigDecimal("10.00"));
    }

    @Test
    void anAmountAndLinesThatAgreeToTheCentAreAccepted() {
        // 2 × 5.002 = 10.004, which is 10.00 in cents, like the amount
        assertThat(valid(purchase(", 'amount': 10.00, 'lines': [{'quantity': 2, 'unitPrice': 5.002}]")).amount())
                .isEqualTo(new BigDecimal("10.00"));
    }

    @Test
    void anAmountThatDisagreesWithTheLinesByOneCentIsRefused() {
        Invalid invalid = invalid(purchase(", 'amount': 15.31, 'lines': [{'quantity': 6, 'unitPrice': 2.55}]"));

        assertThat(invalid.reason()).isEqualTo(Reason.AMOUNT_MISMATCH);
        assertThat(invalid.field()).isEqualTo("amount");
        assertThat(invalid.detail()).isEqualTo("amount 15.31 disagrees with the lines' total 15.30");
    }

    @Test
    void aRefundKeepsItsPositiveAmount() {
        Transaction refund = valid("{'eventId': 'C536379', 'customerId': '14527', 'type': 'REFUND', "
                + "'timestamp': '2010-12-01T09:41:00Z', 'amount': 27.50}");

        assertThat(refund.type()).isEqualTo(TransactionType.REFUND);
        assertThat(refund.amount()).isEqualTo(new BigDecimal("27.50"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        Transaction transaction = valid(purchase(", 'amount': 1, 'source': 'pos', 'nested': {'a': [1, 2]}"));

        assertThat(transaction.amount()).isEqualTo(new BigDecimal("1.00"));
    }

    @Test
    void aTimestampWithAnOffsetIsConvertedToUtc() {
        Transaction transaction = valid("{'eventId': '1', 'customerId': 'c', 'type': 'PURCHASE', "
                + "'timestamp': '2010-12-01T09:26:00+01:00', 'amount': 1}");

        assertThat(transaction.timestamp()).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
    }

    @Test
    void aRecordWithoutValueIsMalformed() {
        assertThat(invalid((byte[]) null).reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(invalid(new byte[0]).reason()).isEqualTo(Reason.MALFORMED_JSON);
    }

    @Test
    void unparsableJsonIsMalformedAndSaysWhere() {
        Invalid invalid = invalid("{'eventId': ");

        assertThat(invalid.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(invalid.field()).isNull();
        assertThat(invalid.detail()).startsWith("not valid JSON: ");
    }

    @Test
    void twoDocumentsInOneRecordAreMalformedRatherThanTheFirstOneAccepted() {
        Invalid invalid = invalid(purchase(", 'amount': 1") + purchase(", 'amount': 2"));

        assertThat(invalid.reason()).isEqualTo(Reason.MALFORMED_JSON);
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() {
        assertThat(invalid("[]").reason()).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(invalid("42").reason()).isEqualTo(Reason.NOT_AN_OBJECT);
        assertThat(invalid("null").reason()).isEqualTo(Reason.NOT_AN_OBJECT);
    }

    @Test
    void eachRequiredFieldMissingIsNamed() {
        for (String field : new String[] {"eventId", "customerId", "type", "timestamp"}) {
            String json = purchase(", 'amount': 1").replaceFirst("'" + field + "': '[^']*', ?", "");
            Invalid invalid = invalid(json);

            assertThat(invalid.reason()).as(json).isEqualTo(Reason.MISSING_FIELD);
            assertThat(invalid.field()).as(json).isEqualTo(field);
            assertThat(invalid.detail()).isEqualTo(field + " is required");
        }
    }

    @Test
    void aBlankRequiredTextCountsAsMissing() {
        Invalid invalid = invalid(purchase(", 'amount': 1").replace("'17850'", "'  '"));

        assertThat(invalid.reason()).isEqualTo(Reason.MISSING_FIELD);
        assertThat(invalid.field()).isEqualTo("customerId");
        assertThat(invalid.detail()).isEqualTo("customerId must not be empty");
    }

    @Test
    void aNumericCustomerIdIsAWrongTypeNotSilentlyConverted() {
        Invalid invalid = invalid(purchase(", 'amount': 1").replace("'17850'", "17850"));

        assertThat(invalid.reason()).isEqualTo(Reason.WRONG_TYPE);
        assertThat(invalid.field()).isEqualTo("customerId");
        assertThat(invalid.detail()).isEqualTo("customerId must be a string");
    }

    @Test
    void mistypedOptionalFieldsAreRefused() {
        assertThat(invalid(purchase(", 'amount': 1, 'currency': 826"))).extracting(Invalid::reason, Invalid::field)
                .containsExactly(Reason.WRONG_TYPE, "currency");
        assertThat(invalid(purchase(", 'amount': '1.00'"))).extracting(Invalid::reason, Invalid::field)
                .containsExactly(Reason.WRONG_TYPE, "amount");
        assertThat(invalid(purchase(", 'lines': {'quantity': 1, 'unitPrice': 1}")))
                .extracting(Invalid::reason, Invalid::field).containsExactly(Reason.WRONG_TYPE, "lines");
    }

    @Test
    void anUnknownTypeIsRefusedWithTheValueSeen() {
        Invalid invalid = invalid(purchase(", 'amount': 1").replace("'PURCHASE'", "'RETURN'"));

        assertThat(invalid.reason()).isEqualTo(Reason.UNKNOWN_TYPE);
        assertThat(invalid.field()).isEqualTo("type");
        assertThat(invalid.detail()).isEqualTo("type must be PURCHASE or REFUND, is 'RETURN'");
    }

    @Test
    void anUnparsableTimestampIsRefused() {
        Invalid invalid = invalid(purchase(", 'amount': 1").replace("2010-12-01T08:26:00Z", "12/1/2010 8:26"));

        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_TIMESTAMP);
        assertThat(invalid.field()).isEqualTo("timestamp");
    }

    @Test
    void aTimestampBeforeTheEpochIsRefusedBecauseKafkaCannotCarryIt() {
        assertThat(valid(purchase(", 'amount': 1").replace("2010-12-01T08:26:00Z", "1970-01-01T00:00:00Z"))
                .timestamp()).isEqualTo(Instant.EPOCH);
        assertThat(invalid(purchase(", 'amount': 1").replace("2010-12-01T08:26:00Z", "1969-12-31T23:59:59Z")))
                .extracting(Invalid::reason, Invalid::field, Invalid::detail)
                .containsExactly(Reason.INVALID_TIMESTAMP, "timestamp",
                        "timestamp must not be before 1970-01-01T00:00:00Z, is 1969-12-31T23:59:59Z");
    }

    @Test
    void aTimestampMoreThanTheSkewAfterNowIsRefusedAndOneAtTheSkewIsNot() {
        TransactionValidator fiveMinutes = new TransactionValidator(Duration.ofMinutes(5), 1024);
        byte[] atSkew = json(purchase(", 'amount': 1").replace("2010-12-01T08:26:00Z", "2011-12-10T00:05:00Z"));
        byte[] pastSkew = json(purchase(", 'amount': 1").replace("2010-12-01T08:26:00Z", "2011-12-10T00:05:00.001Z"));

        assertThat(fiveMinutes.validate(atSkew, NOW)).isInstanceOf(Valid.class);
        ValidationResult result = fiveMinutes.validate(pastSkew, NOW);
        assertThat(result).isInstanceOf(Invalid.class);
        assertThat((Invalid) result).extracting(Invalid::reason, Invalid::field)
                .containsExactly(Reason.FUTURE_TIMESTAMP, "timestamp");
    }

    @Test
    void aRecordLargerThanTheLimitIsRefusedBeforeParsing() {
        byte[] raw = json(purchase(", 'amount': 1"));
        TransactionValidator exact = new TransactionValidator(Duration.ofHours(1), raw.length);
        TransactionValidator oneLess = new TransactionValidator(Duration.ofHours(1), raw.length - 1);

        assertThat(exact.validate(raw, NOW)).isInstanceOf(Valid.class);
        Invalid invalid = (Invalid) oneLess.validate(raw, NOW);
        assertThat(invalid.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(invalid.field()).isNull();
        assertThat(invalid.detail()).isEqualTo("the record is " + raw.length + " bytes, more than the limit of "
                + (raw.length - 1));
    }

    @Test
    void aZeroOrNegativeAmountIsRefused() {
        assertThat(invalid(purchase(", 'amount': 0"))).extracting(Invalid::reason, Invalid::detail)
                .containsExactly(Reason.NON_POSITIVE_AMOUNT, "amount must be above 0, is 0.00");
        assertThat(invalid(purchase(", 'amount': -5"))).extracting(Invalid::reason, Invalid::field)
                .containsExactly(Reason.NON_POSITIVE_AMOUNT, "amount");
    }

    @Test
    void neitherAmountNorLinesIsAMissingAmount() {
        assertThat(invalid(purchase(""))).extracting(Invalid::reason, Invalid::field, Invalid::detail)
                .containsExactly(Reason.MISSING_FIELD, "amount", "amount is required unless lines are given");
    }

    @Test
    void eachBadLineIsNamedByItsPosition() {
        assertThat(invalid(purchase(", 'lines': [{'quantity': 1, 'unitPrice': 1}, 'x']")))
                .extracting(Invalid::reason, Invalid::field).containsExactly(Reason.INVALID_LINE, "lines[1]");
        assertThat(invalid(purchase(", 'lines': [{'quantity': -6, 'unitPrice': 1}]")))
                .extracting(Invalid::reason, Invalid::field).containsExactly(Reason.INVALID_LINE, "lines[0].quantity");
        assertThat(invalid(purchase(", 'lines': [{'quantity': 1.5, 'unitPrice': 1}]")))
                .extracting(Invalid::field).isEqualTo("lines[0].quantity");
        assertThat(invalid(purchase(", 'lines': [{'quantity': 1, 'unitPrice': -0.01}]")))
                .extracting(Invalid::field).isEqualTo("lines[0].unitPrice");
        assertThat(invalid(purchase(", 'lines': [{'sku': 85123, 'quantity': 1, 'unitPrice': 1}]")))
                .extracting(Invalid::field).isEqualTo("lines[0].sku");
    }

    @Test
    void anAmountUpToATrillionIsAcceptedAndAboveItRefused() {
        assertThat(valid(purchase(", 'amount': 1000000000000")).amount())
                .isEqualTo(new BigDecimal("1000000000000.00"));
        assertThat(invalid(purchase(", 'amount': 1000000000000.01")))
                .extracting(Invalid::reason, Invalid::field, Invalid::detail)
                .containsExactly(Reason.AMOUNT_OUT_OF_RANGE, "amount",
                        "amount 1000000000000.01 is out of range (the limit is 1000000000000)");
        assertThat(invalid(purchase(", 'lines': [{'quantity': 3, 'unitPrice': 400000000000}]")))
                .extracting(Invalid::reason, Invalid::field, Invalid::detail)
                .containsExactly(Reason.AMOUNT_OUT_OF_RANGE, "lines",
                        "the lines' total 1200000000000.00 is more than the limit of 1000000000000");
    }

    @Test
    void numbersWithHugeExponentsAreRefusedWithoutWritingOutTheirDigits() {
        // rounding 1e10000000 to cents would build a ten-million-digit number: refused from the exponent alone
        assertThat(invalid(purchase(", 'amount': 1e10000000")))
                .extracting(Invalid::reason, Invalid::detail)
                .containsExactly(Reason.AMOUNT_OUT_OF_RANGE, "amount 1E+10000000 is out of range (the limit is "
                        + "1000000000000)");
        assertThat(invalid(purchase(", 'amount': 1e-10000000")))
                .extracting(Invalid::reason, Invalid::detail)
                .containsExactly(Reason.AMOUNT_OUT_OF_RANGE, "amount 1E-10000000 has more than 100 decimals");
        assertThat(invalid(purchase(", 'lines': [{'quantity': 1, 'unitPrice': 1e-10000000}]")))
                .extracting(Invalid::reason, Invalid::field)
                .containsExactly(Reason.INVALID_LINE, "lines[0].unitPrice");
        assertThat(invalid(purchase(", 'lines': [{'quantity': 1e10000000, 'unitPrice': 1}]")))
                .extracting(Invalid::reason, Invalid::field)
                .containsExactly(Reason.INVALID_LINE, "lines[0].quantity");
    }

    @Test
    void aQuantityWrittenWithAZeroFractionIsThatWholeNumber() {
        Transaction transaction = valid(purchase(", 'lines': [{'quantity': 6.0, 'unitPrice': 2.55}]"));

        assertThat(transaction.lines().getFirst().quantity()).isEqualTo(6);
        assertThat(transaction.amount()).isEqualTo(new BigDecimal("15.30"));
    }

    @Test
    void everyReasonHasAStableKebabCaseCode() {
        assertThat(Reason.values()).extracting(Reason::code).containsExactly(
                "too-large", "malformed-json", "not-an-object", "missing-field", "wrong-type", "unknown-type",
                "invalid-timestamp", "future-timestamp", "non-positive-amount", "amount-mismatch", "invalid-line",
                "amount-out-of-range");
    }
}
