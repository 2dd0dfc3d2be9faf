package org.rfmstream.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.rfmstream.schemas.ValidationResult.Invalid;
import org.rfmstream.schemas.ValidationResult.Reason;
import org.rfmstream.schemas.ValidationResult.Valid;

/**
 * Turns the raw bytes of a {@code transactions} record into a {@link Transaction}, or says exactly why not.
 * It parses once and applies every rule of the contract; {@code transaction.schema.json} states the same rules
 * for other languages, and the example documents in the tests keep the two in agreement.
 */
public final class TransactionValidator {

    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofHours(1);
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    /** The largest amount or unit price accepted: no real order is above it, and sums in cents stay in a long. */
    public static final BigDecimal MAX_MONEY = BigDecimal.TEN.pow(12);
    /**
     * More decimals than this only come from exponents such as {@code 1e-10000000}: refused, because rounding
     * such a number to cents builds a number with millions of digits and stalls the consumer.
     */
    public static final int MAX_DECIMALS = 100;

    private final Duration maxFutureSkew;
    private final int maxBytes;

    public TransactionValidator(Duration maxFutureSkew, int maxBytes) {
        this.maxFutureSkew = maxFutureSkew;
        this.maxBytes = maxBytes;
    }

    public TransactionValidator() {
        this(DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_BYTES);
    }

    /**
     * @param raw the record's value, possibly null
     * @param now the wall-clock instant that "too far in the future" is measured from
     */
    public ValidationResult validate(byte[] raw, Instant now) {
        if (raw == null || raw.length == 0) {
            return new Invalid(Reason.MALFORMED_JSON, null, "the record has no value");
        }
        if (raw.length > maxBytes) {
            return new Invalid(Reason.TOO_LARGE, null,
                    "the record is " + raw.length + " bytes, more than the limit of " + maxBytes);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(raw);
        } catch (JsonProcessingException e) {
            return new Invalid(Reason.MALFORMED_JSON, null, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Invalid(Reason.MALFORMED_JSON, null, "not valid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new Invalid(Reason.MALFORMED_JSON, null, "not valid JSON: the record holds only whitespace");
        }
        if (!root.isObject()) {
            return new Invalid(Reason.NOT_AN_OBJECT, null, "the value must be a JSON object");
        }
        return validate(root, now);
    }

    private ValidationResult validate(JsonNode root, Instant now) {
        Invalid problem;
        if ((problem = requireText(root, "eventId")) != null
                || (problem = requireText(root, "customerId")) != null
                || (problem = requireText(root, "type")) != null
                || (problem = requireText(root, "timestamp")) != null
                || (problem = optionalText(root, "currency")) != null
                || (problem = optionalText(root, "country")) != null) {
            return problem;
        }
        TransactionType type;
        try {
            type = TransactionType.valueOf(root.get("type").textValue());
        } catch (IllegalArgumentException e) {
            return new Invalid(Reason.UNKNOWN_TYPE, "type",
                    "type must be PURCHASE or REFUND, is '" + root.get("type").textValue() + "'");
        }
        Instant timestamp;
        try {
            timestamp = IsoInstants.parse(root.get("timestamp").textValue());
        } catch (DateTimeParseException e) {
            return new Invalid(Reason.INVALID_TIMESTAMP, "timestamp",
                    "timestamp must be an ISO-8601 instant such as 2010-12-01T08:26:00Z, is '"
                            + root.get("timestamp").textValue() + "'");
        }
        if (timestamp.isBefore(Instant.EPOCH)) {
            // Kafka record timestamps cannot be negative: such an event could never be processed in event time
            return new Invalid(Reason.INVALID_TIMESTAMP, "timestamp",
                    "timestamp must not be before 1970-01-01T00:00:00Z, is " + timestamp);
        }
        if (timestamp.isAfter(now.plus(maxFutureSkew))) {
            return new Invalid(Reason.FUTURE_TIMESTAMP, "timestamp",
                    "timestamp " + timestamp + " is more than " + maxFutureSkew + " after now (" + now + ")");
        }

        JsonNode linesNode = root.get("lines");
        List<TransactionLine> lines = null;
        BigDecimal linesTotal = null;
        if (linesNode != null && !linesNode.isNull()) {
            if (!linesNode.isArray()) {
                return new Invalid(Reason.WRONG_TYPE, "lines", "lines must be an array");
            }
            lines = new ArrayList<>(linesNode.size());
            linesTotal = BigDecimal.ZERO;
            for (int i = 0; i < linesNode.size(); i++) {
                JsonNode line = linesNode.get(i);
                String field = "lines[" + i + "]";
                if (!line.isObject()) {
                    return new Invalid(Reason.INVALID_LINE, field, field + " must be an object");
                }
                JsonNode sku = line.get("sku");
                if (sku != null && !sku.isNull() && !sku.isTextual()) {
                    return new Invalid(Reason.INVALID_LINE, field + ".sku", field + ".sku must be a string");
                }
                JsonNode quantity = line.get("quantity");
                // 6.0 is the number six in JSON (and to the schema's "integer"): judge the value, not its spelling
                if (quantity == null || !quantity.isNumber() || !quantity.canConvertToExactIntegral()
                        || !quantity.canConvertToInt() || quantity.intValue() <= 0) {
                    return new Invalid(Reason.INVALID_LINE, field + ".quantity",
                            field + ".quantity must be a whole number above 0");
                }
                JsonNode unitPrice = line.get("unitPrice");
                if (unitPrice == null || !unitPrice.isNumber() || unitPrice.decimalValue().signum() < 0) {
                    return new Invalid(Reason.INVALID_LINE, field + ".unitPrice",
                            field + ".unitPrice must be a number of at least 0");
                }
                String unitPriceRange = rangeProblem(field + ".unitPrice", unitPrice.decimalValue());
                if (unitPriceRange != null) {
                    return new Invalid(Reason.INVALID_LINE, field + ".unitPrice", unitPriceRange);
                }
                TransactionLine parsed = new TransactionLine(sku == null || sku.isNull() ? null : sku.textValue(),
                        quantity.intValue(), unitPrice.decimalValue());
                lines.add(parsed);
                linesTotal = linesTotal.add(parsed.total());
            }
            if (linesTotal.compareTo(MAX_MONEY) > 0) {
                return new Invalid(Reason.AMOUNT_OUT_OF_RANGE, "lines",
                        "the lines' total " + Money.round(linesTotal) + " is more than the limit of " + MAX_MONEY);
            }
        }

        JsonNode amountNode = root.get("amount");
        BigDecimal amount;
        if (amountNode == null || amountNode.isNull()) {
            if (linesTotal == null) {
                return new Invalid(Reason.MISSING_FIELD, "amount", "amount is required unless lines are given");
            }
            amount = Money.round(linesTotal);
        } else {
            if (!amountNode.isNumber()) {
                return new Invalid(Reason.WRONG_TYPE, "amount", "amount must be a number");
            }
            String amountRange = rangeProblem("amount", amountNode.decimalValue());
            if (amountRange != null) {
                return new Invalid(Reason.AMOUNT_OUT_OF_RANGE, "amount", amountRange);
            }
            amount = Money.round(amountNode.decimalValue());
            if (linesTotal != null && amount.compareTo(Money.round(linesTotal)) != 0) {
                return new Invalid(Reason.AMOUNT_MISMATCH, "amount",
                        "amount " + amount + " disagrees with the lines' total " + Money.round(linesTotal));
            }
        }
        if (amount.signum() <= 0) {
            return new Invalid(Reason.NON_POSITIVE_AMOUNT, "amount", "amount must be above 0, is " + amount);
        }

        return new Valid(new Transaction(
                root.get("eventId").textValue(),
                root.get("customerId").textValue(),
                type,
                timestamp,
                amount,
                text(root, "currency"),
                text(root, "country"),
                lines));
    }

    /** Cheap for any number: neither test materialises the digits of a huge exponent. */
    private static String rangeProblem(String field, BigDecimal value) {
        if (value.abs().compareTo(MAX_MONEY) > 0) {
            return field + " " + value + " is out of range (the limit is " + MAX_MONEY + ")";
        }
        if (value.scale() > MAX_DECIMALS) {
            return field + " " + value + " has more than " + MAX_DECIMALS + " decimals";
        }
        return null;
    }

    private static Invalid requireText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return new Invalid(Reason.MISSING_FIELD, field, field + " is required");
        }
        if (!node.isTextual()) {
            return new Invalid(Reason.WRONG_TYPE, field, field + " must be a string");
        }
        if (node.textValue().isBlank()) {
            return new Invalid(Reason.MISSING_FIELD, field, field + " must not be empty");
        }
        return null;
    }

    private static Invalid optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node != null && !node.isNull() && !node.isTextual()) {
            return new Invalid(Reason.WRONG_TYPE, field, field + " must be a string");
        }
        return null;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.textValue();
    }
}
