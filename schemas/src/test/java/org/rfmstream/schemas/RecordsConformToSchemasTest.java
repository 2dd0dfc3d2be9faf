package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.ValidationResult.Valid;

/**
 * What the Java records write is what the schemas describe: records built in Java, written by {@link Json} (the
 * serdes' own mapper), conform to their topic's schema — so the two cannot drift apart unnoticed.
 */
class RecordsConformToSchemasTest {

    private static final Instant AT = Instant.parse("2011-02-10T14:38:00Z");

    @Test
    void aSegmentModelConforms() {
        assertConforms(ContractSchemas.SEGMENT_MODEL, TestModels.designExample());
    }

    @Test
    void aSegmentModelWithoutQualityOrSegmentMeansConforms() {
        SegmentModel model = TestModels.designExample();
        SegmentModel bare = new SegmentModel(model.name(), 1, model.trainedAt(), model.asOf(), model.features(),
                model.transform(), model.scaler(),
                List.of(new SegmentModel.Segment("everyone", "Everyone", null, new double[] {0, 0, 0}, 0, null)),
                null, 0);

        assertConforms(ContractSchemas.SEGMENT_MODEL, bare);
    }

    @Test
    void aRetrainedModelConformsWithItsNewVersion() {
        assertConforms(ContractSchemas.SEGMENT_MODEL, TestModels.designExample().withVersion(8));
    }

    @Test
    void customerProfilesConformAtEveryStageOfACustomersLife() {
        // only a refund so far: no purchase, no segment
        assertConforms(ContractSchemas.CUSTOMER_PROFILE, new CustomerProfile("14527", null, null, 0, Money.ZERO,
                new BigDecimal("27.50"), null, null, null, null, AT));
        // purchases before any model
        assertConforms(ContractSchemas.CUSTOMER_PROFILE, new CustomerProfile("17850", AT, AT, 1,
                new BigDecimal("139.12"), Money.ZERO, null, null, null, null, AT));
        // segmented, with a review due
        assertConforms(ContractSchemas.CUSTOMER_PROFILE, JsonTest.PROFILE);
        // segmented, never reviewed again
        assertConforms(ContractSchemas.CUSTOMER_PROFILE, new CustomerProfile("12346", AT, AT, 1,
                new BigDecimal("77183.60"), Money.ZERO, "lost", AT, 3L, null, AT));
    }

    @Test
    void segmentChangesConformForEveryReason() {
        Rfm rfm = new Rfm(0, 35, new BigDecimal("5530.01"));
        assertConforms(ContractSchemas.SEGMENT_CHANGE, JsonTest.CHANGE);
        assertConforms(ContractSchemas.SEGMENT_CHANGE,
                new SegmentChange("17850", "champions", "loyal", ChangeReason.REFUND, AT, 7, "C537001", rfm));
        assertConforms(ContractSchemas.SEGMENT_CHANGE,
                new SegmentChange("17850", "champions", "at-risk", ChangeReason.INACTIVITY, AT, 7, null,
                        new Rfm(99, 35, new BigDecimal("5530.01"))));
        assertConforms(ContractSchemas.SEGMENT_CHANGE,
                new SegmentChange("17850", null, "champions", ChangeReason.MODEL_UPDATE, AT, 1, null, rfm));
        assertConforms(ContractSchemas.SEGMENT_CHANGE, SegmentChange.erasure("17850", "champions", AT, 7));
    }

    @Test
    void anErasureRequestConformsWithAndWithoutAReason() {
        assertConforms(ContractSchemas.ERASURE_REQUEST, new ErasureRequest(AT, "ticket DSR-2041"));
        assertConforms(ContractSchemas.ERASURE_REQUEST, new ErasureRequest(AT, null));
    }

    @Test
    void anErasureRequestRecordIsKeyedByTheCustomerAndStampedWithTheRequestTime() {
        var record = ErasureRequests.record("customer-erasures", "17850", new ErasureRequest(AT, null));

        assertThat(record.key()).isEqualTo("17850");
        assertThat(record.timestamp()).isEqualTo(AT.toEpochMilli());
        assertThat(record.partition()).isNull();
        assertThat(Json.fromBytes(record.value(), ErasureRequest.class)).isEqualTo(new ErasureRequest(AT, null));
        assertThat(ContractSchemas.problems(ContractSchemas.ERASURE_REQUEST, record.value())).isEmpty();
    }

    @Test
    void anErasureRequestNeedsACustomerId() {
        assertThat(ErasureRequests.customerIdProblem(" ")).isNotNull();
        assertThat(ErasureRequests.customerIdProblem("x".repeat(ErasureRequests.MAX_CUSTOMER_ID_LENGTH + 1)))
                .isNotNull();
        assertThat(ErasureRequests.customerIdProblem("17850")).isNull();
        assertThatThrownBy(() -> ErasureRequests.record("customer-erasures", "",
                new ErasureRequest(AT, null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyChangeReasonIsInTheSchema() {
        assertThat(ContractSchemas.schemaDocument(ContractSchemas.SEGMENT_CHANGE).at("/properties/reason/enum"))
                .extracting(node -> node.textValue())
                .containsExactlyElementsOf(Arrays.stream(ChangeReason.values()).map(Enum::name).toList());
        assertThat(ContractSchemas.schemaDocument(ContractSchemas.TRANSACTION).at("/properties/type/enum"))
                .extracting(node -> node.textValue())
                .containsExactlyElementsOf(Arrays.stream(TransactionType.values()).map(Enum::name).toList());
    }

    @Test
    void theModelsFeaturesAndTransformInTheSchemaAreTheOnesJavaRequires() {
        assertThat(ContractSchemas.schemaDocument(ContractSchemas.SEGMENT_MODEL).at("/properties/features/const"))
                .extracting(node -> node.textValue()).containsExactlyElementsOf(SegmentModel.FEATURES);
        assertThat(ContractSchemas.schemaDocument(ContractSchemas.SEGMENT_MODEL)
                .at("/properties/transform/const").textValue()).isEqualTo(SegmentModel.TRANSFORM_LOG1P);
    }

    @Test
    void aTransactionConformsAndAValidatedOneStaysValid() {
        assertConforms(ContractSchemas.TRANSACTION, JsonTest.TRANSACTION);

        // a lines-only purchase, once validated, carries its amount; written again it is still valid for both
        byte[] linesOnly = ("{\"eventId\":\"536366\",\"customerId\":\"17850\",\"type\":\"PURCHASE\","
                + "\"timestamp\":\"2010-12-01T08:28:00Z\",\"lines\":[{\"sku\":\"22633\",\"quantity\":6,"
                + "\"unitPrice\":1.85},{\"sku\":\"22632\",\"quantity\":6,\"unitPrice\":1.85}]}")
                .getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2011-12-10T00:00:00Z");
        Transaction validated = ((Valid) new TransactionValidator().validate(linesOnly, now)).transaction();

        assertThat(validated.amount()).isEqualTo(new BigDecimal("22.20"));
        assertConforms(ContractSchemas.TRANSACTION, validated);
        assertThat(new TransactionValidator().validate(Json.toBytes(validated), now)).isEqualTo(new Valid(validated));
    }

    private static void assertConforms(String schema, Object record) {
        byte[] written = Json.toBytes(record);
        assertThat(ContractSchemas.problems(schema, written))
                .as("%s against %s", new String(written, StandardCharsets.UTF_8), schema)
                .isEmpty();
    }
}
