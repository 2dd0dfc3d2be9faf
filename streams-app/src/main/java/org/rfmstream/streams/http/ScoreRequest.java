package org.rfmstream.streams.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.rfmstream.schemas.Json;

/**
 * The body of {@code POST /api/score}: {@code {"recency": 5, "frequency": 12, "monetary": 400}}, each a JSON
 * number, not negative and no larger than a customer can have, and optionally {@code "age"}: the customer's first
 * purchase that many days ago (not less than recency), which asks for the predicted value too. Other fields are
 * ignored. Read with a streaming parser, because this route must stay cheap.
 *
 * @param age null when not given
 */
record ScoreRequest(double recency, double frequency, double monetary, Double age) {

    static final String AGE = "age";
    static final String RECENCY = "recency";
    static final String FREQUENCY = "frequency";
    static final String MONETARY = "monetary";

    /** Days from the earliest timestamp a transaction may carry (year 1) to the last instant of year 9999. */
    static final double MAX_RECENCY_DAYS = ChronoUnit.DAYS.between(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31));
    /** A count of purchases: at most the largest whole number a JSON number carries exactly (2^53 - 1). */
    static final double MAX_FREQUENCY = 9_007_199_254_740_991d;
    /** The most money a customer's state holds: Long.MAX_VALUE cents. */
    static final double MAX_MONETARY = Long.MAX_VALUE / 100d;

    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    /** @throws ApiException 400 naming what is wrong */
    static ScoreRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("The body must be a JSON object with recency, frequency and monetary.");
        }
        double recency = Double.NaN;
        double frequency = Double.NaN;
        double monetary = Double.NaN;
        double age = Double.NaN;
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("The body must be a JSON object with recency, frequency and "
                        + "monetary.");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case RECENCY -> recency = number(parser, value, RECENCY, MAX_RECENCY_DAYS, "days");
                    case FREQUENCY -> frequency = number(parser, value, FREQUENCY, MAX_FREQUENCY, "purchases");
                    case MONETARY -> monetary = number(parser, value, MONETARY, MAX_MONETARY, "in money units");
                    case AGE -> age = number(parser, value, AGE, MAX_RECENCY_DAYS, "days");
                    default -> parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw ApiException.badRequest("The body is not a single JSON object.");
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("The body cannot be read: " + e.getMessage());
        }
        requirePresent(recency, RECENCY);
        requirePresent(frequency, FREQUENCY);
        requirePresent(monetary, MONETARY);
        if (!Double.isNaN(age) && age < recency) {
            throw ApiException.badRequest("'age' (days since the first purchase) must not be less than 'recency' "
                    + "(days since the last), but is " + age + " < " + recency + ".");
        }
        return new ScoreRequest(recency, frequency, monetary, Double.isNaN(age) ? null : age);
    }

    private static double number(JsonParser parser, JsonToken token, String field, double max, String unit)
            throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw ApiException.badRequest("'" + field + "' must be a number, but is " + describe(parser, token)
                    + ".");
        }
        double value = parser.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw ApiException.badRequest("'" + field + "' must be a finite number.");
        }
        if (value < 0) {
            throw ApiException.badRequest("'" + field + "' must not be negative, but is " + parser.getText() + ".");
        }
        if (value > max) {
            throw ApiException.badRequest("'" + field + "' must be at most " + new BigDecimal(max).toPlainString()
                    + " (" + unit + "), more than any customer can have, but is " + parser.getText() + ".");
        }
        return value;
    }

    private static String describe(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> "the string \"" + parser.getText() + "\"";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> parser.getText();
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> String.valueOf(token);
        };
    }

    private static void requirePresent(double value, String field) {
        if (Double.isNaN(value)) {
            throw ApiException.badRequest("'" + field + "' is missing.");
        }
    }
}
