package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonTest {

    static final CustomerProfile PROFILE = new CustomerProfile("17850",
            Instant.parse("2010-12-01T08:26:00Z"), Instant.parse("2011-02-10T14:38:00Z"), 34,
            new BigDecimal("5391.21"), new BigDecimal("102.30"), "champions", Instant.parse("2011-01-05T09:00:00Z"),
            7L, Instant.parse("2011-05-21T00:00:00Z"), Instant.parse("2011-02-10T14:38:00Z"));

    static final Transaction TRANSACTION = new Transaction("536365", "17850", TransactionType.PURCHASE,
            Instant.parse("2010-12-01T08:26:00Z"), new BigDecimal("139.12"), "GBP", "United Kingdom",
            List.of(new TransactionLine("85123A", 6, new BigDecimal("2.55"))));

    static final SegmentChange CHANGE = new SegmentChange("17850", "loyal", "champions", ChangeReason.PURCHASE,
            Instant.parse("2011-02-10T14:38:00Z"), 7, "536999", new Rfm(0, 35, new BigDecimal("5530.01")));

    @Test
    void everyRecordSurvivesARoundTrip() {
        assertThat(Json.fromBytes(Json.toBytes(TRANSACTION), Transaction.class)).isEqualTo(TRANSACTION);
        assertThat(Json.fromBytes(Json.toBytes(PROFILE), CustomerProfile.class)).isEqualTo(PROFILE);
        assertThat(Json.fromBytes(Json.toBytes(CHANGE), SegmentChange.class)).isEqualTo(CHANGE);
        Rfm rfm = new Rfm(12, 3, new BigDecimal("402.43"));
        assertThat(Json.fromString(Json.toString(rfm), Rfm.class)).isEqualTo(rfm);
        // the model holds arrays, which records compare by identity: compare field by field
        SegmentModel model = TestModels.designExample();
        assertThat(Json.fromBytes(Json.toBytes(model), SegmentModel.class)).usingRecursiveComparison()
                .isEqualTo(model);
    }

    @Test
    void instantsAreIso8601InUtcOnTheWire() {
        JsonNode written = Json.mapper().valueToTree(PROFILE);

        assertThat(written.get("lastPurchase").textValue()).isEqualTo("2011-02-10T14:38:00Z");
        assertThat(written.get("nextReviewAt").textValue()).isEqualTo("2011-05-21T00:00:00Z");
        assertThat(Json.toString(new Rfm(0, 0, BigDecimal.ZERO))).doesNotContain("T");
        Instant precise = Instant.parse("2011-02-10T14:38:00.123456Z");
        assertThat(Json.toString(new SegmentChange("c", null, "lost", ChangeReason.INACTIVITY, precise, 1, null,
                new Rfm(90, 1, BigDecimal.ONE)))).contains("\"at\":\"2011-02-10T14:38:00.123456Z\"");
    }

    @Test
    void anInstantWithAnOffsetIsReadAsTheSameMomentAndWrittenBackInUtc() {
        String withOffset = Json.toString(CHANGE).replace("2011-02-10T14:38:00Z", "2011-02-10T15:38:00+01:00");

        SegmentChange read = Json.fromString(withOffset, SegmentChange.class);

        assertThat(read.at()).isEqualTo(Instant.parse("2011-02-10T14:38:00Z"));
        assertThat(Json.toString(read)).contains("\"at\":\"2011-02-10T14:38:00Z\"");
    }

    @Test
    void unknownFieldsAreIgnoredOnRead() {
        String withExtras = Json.toString(PROFILE).replace("{\"customerId\"",
                "{\"loyaltyTier\":\"gold\",\"tags\":[\"vip\"],\"nested\":{\"a\":1},\"customerId\"");

        assertThat(Json.fromString(withExtras, CustomerProfile.class)).isEqualTo(PROFILE);
    }

    @Test
    void moneyIsWrittenAndReadExactlyAsGiven() {
        String json = Json.toString(PROFILE);

        assertThat(json).contains("\"monetary\":5391.21", "\"refunded\":102.30");
        assertThat(Json.fromString(json, CustomerProfile.class).monetary()).isEqualTo(new BigDecimal("5391.21"));
        assertThat(Json.fromString("{\"amount\": 139.12}", JsonNode.class).get("amount").decimalValue())
                .isEqualTo(new BigDecimal("139.12"));
    }

    @Test
    void moneyNeverPassesThroughADouble() {
        // 0.1 + 0.2 is 0.30000000000000004 in doubles; read as decimals it is 0.3
        Transaction read = Json.fromString("{\"lines\": [{\"quantity\": 1, \"unitPrice\": 0.1}, "
                + "{\"quantity\": 1, \"unitPrice\": 0.2}]}", Transaction.class);
        BigDecimal sum = read.lines().get(0).total().add(read.lines().get(1).total());
        assertThat(0.1 + 0.2).isNotEqualTo(0.3);
        assertThat(sum).isEqualByComparingTo("0.3");

        // 17 significant digits: a double would drop the last cents
        String large = "{\"monetary\": 123456789012345.67}";
        assertThat(Json.fromString(large, CustomerProfile.class).monetary())
                .isEqualTo(new BigDecimal("123456789012345.67"));
        assertThat(new BigDecimal(Double.parseDouble("123456789012345.67")))
                .isNotEqualByComparingTo("123456789012345.67");
    }

    @Test
    void decimalsAreWrittenPlainNeverInScientificNotation() {
        Rfm rfm = new Rfm(1, 1, new BigDecimal("1E+3"));

        assertThat(Json.toString(rfm)).contains("\"monetary\":1000");
    }

    @Test
    void aTransactionLeavesOutWhatItDoesNotHave() {
        Transaction bare = new Transaction("1", "c", TransactionType.REFUND, Instant.parse("2010-12-01T08:26:00Z"),
                new BigDecimal("27.50"), null, null, null);

        assertThat(Json.toString(bare)).isEqualTo("{\"eventId\":\"1\",\"customerId\":\"c\",\"type\":\"REFUND\","
                + "\"timestamp\":\"2010-12-01T08:26:00Z\",\"amount\":27.50}");
    }

    @Test
    void anUnreadableDocumentIsOneClearError() {
        assertThatThrownBy(() -> Json.fromString("{\"customerId\": ", CustomerProfile.class))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read CustomerProfile from JSON");
        assertThatThrownBy(() -> Json.fromString(Json.toString(PROFILE) + " trailing", CustomerProfile.class))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void everySerdeRoundTripsItsRecordAndKeepsTombstones() {
        assertRoundTrip(Serdes.transaction(), TRANSACTION);
        assertRoundTrip(Serdes.customerProfile(), PROFILE);
        assertRoundTrip(Serdes.segmentChange(), CHANGE);
        SegmentModel model = TestModels.designExample();
        byte[] bytes = Serdes.segmentModel().serializer().serialize("segment-models", model);
        assertThat(Serdes.segmentModel().deserializer().deserialize("segment-models", bytes))
                .usingRecursiveComparison().isEqualTo(model);

        assertThat(Serdes.customerProfile().serializer().serialize("customer-profiles", null)).isNull();
        assertThat(Serdes.customerProfile().deserializer().deserialize("customer-profiles", null)).isNull();
    }

    @Test
    void theSerdeWritesTheSameBytesAsJson() {
        assertThat(Serdes.customerProfile().serialize("customer-profiles", PROFILE)).isEqualTo(Json.toBytes(PROFILE));
    }

    @Test
    void aCorruptRecordIsASerializationExceptionNamingTypeAndTopic() {
        assertThatThrownBy(() -> Serdes.segmentModel().deserialize("segment-models", "{not json".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessage("cannot read SegmentModel from topic segment-models");
    }

    private static <T> void assertRoundTrip(JsonSerde<T> serde, T value) {
        byte[] bytes = serde.serializer().serialize("topic", value);
        assertThat(serde.deserializer().deserialize("topic", bytes)).isEqualTo(value);
    }
}
