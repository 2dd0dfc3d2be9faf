package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example customer profiles, segment changes and erasure requests: the schema accepts exactly the valid ones, and every
 * valid one reads into its Java record, which writes back a document the schema still accepts and that reads
 * back to the same record. (Java readers are lenient — Jackson coerces "34" to 34 — so for invalid documents
 * the schema is the statement of the contract.)
 */
class ProfileAndChangeExamplesTest {

    private static final List<Kind> KINDS = List.of(
            new Kind("customer-profile", ContractSchemas.CUSTOMER_PROFILE, CustomerProfile.class),
            new Kind("segment-change", ContractSchemas.SEGMENT_CHANGE, SegmentChange.class),
            new Kind("erasure-request", ContractSchemas.ERASURE_REQUEST, ErasureRequest.class));

    record Kind(String folder, String schema, Class<?> record) {
        @Override
        public String toString() {
            return folder;
        }
    }

    static Stream<Arguments> valid() {
        return KINDS.stream().flatMap(kind -> Examples.names(kind.folder(), "valid").stream()
                .map(name -> Arguments.of(kind, name)));
    }

    static Stream<Arguments> invalid() {
        return KINDS.stream().flatMap(kind -> Examples.names(kind.folder(), "invalid").stream()
                .map(name -> Arguments.of(kind, name)));
    }

    @ParameterizedTest(name = "{0}/valid/{1}")
    @MethodSource("valid")
    void validExampleIsAcceptedAndSurvivesARoundTripThroughItsRecord(Kind kind, String name) {
        byte[] raw = Examples.bytes(kind.folder(), "valid", name);
        assertThat(ContractSchemas.problems(kind.schema(), raw)).as("schema problems").isEmpty();

        Object record = Json.fromBytes(raw, kind.record());
        byte[] written = Json.toBytes(record);

        assertThat(ContractSchemas.problems(kind.schema(), written)).as("schema problems of %s", new String(written))
                .isEmpty();
        assertThat(Json.fromBytes(written, kind.record())).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}/invalid/{1}")
    @MethodSource("invalid")
    void invalidExampleIsRefusedByTheSchema(Kind kind, String name) {
        assertThat(ContractSchemas.problems(kind.schema(), Examples.bytes(kind.folder(), "invalid", name)))
                .as("schema problems").isNotEmpty();
    }
}
