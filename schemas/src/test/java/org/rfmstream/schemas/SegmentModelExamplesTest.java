package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example model goes through {@code segment-model.schema.json} and through what every Java reader does
 * (read with {@link Json}, then {@link ModelValidation}); both must agree with the folder. The documents on which
 * they may differ are listed below: {@code java-only-*} for what JSON Schema cannot state, {@code schema-only-*}
 * for what the contract asks of writers but readers do not need in order to score.
 */
class SegmentModelExamplesTest {

    private static final String TYPE = "segment-model";

    private static final Set<String> JAVA_ONLY = Set.of(
            "java-only-duplicate-segment-ids.json",      // uniqueness of a property across array items
            "java-only-rfm-edges-decreasing.json");      // order between array items

    private static final Set<String> SCHEMA_ONLY = Set.of(
            "schema-only-missing-trained-at.json",
            "schema-only-segment-id-not-kebab-case.json",
            "schema-only-segment-without-name.json");

    static List<String> valid() {
        return Examples.names(TYPE, "valid");
    }

    static List<String> invalid() {
        return Examples.names(TYPE, "invalid");
    }

    @ParameterizedTest(name = "valid/{0}")
    @MethodSource("valid")
    void validModelIsAcceptedByTheSchemaAndByEveryJavaReader(String name) {
        byte[] raw = Examples.bytes(TYPE, "valid", name);

        assertThat(ContractSchemas.problems(ContractSchemas.SEGMENT_MODEL, raw)).as("schema problems").isEmpty();
        assertThat(javaProblems(raw)).as("ModelValidation problems").isEmpty();
        assertThatCode(() -> SegmentScorer.of(Json.fromBytes(raw, SegmentModel.class))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "valid/{0}")
    @MethodSource("valid")
    void validModelWrittenBackByJavaStillConformsToTheSchema(String name) {
        SegmentModel model = Json.fromBytes(Examples.bytes(TYPE, "valid", name), SegmentModel.class);

        assertThat(ContractSchemas.problems(ContractSchemas.SEGMENT_MODEL, Json.toBytes(model))).isEmpty();
    }

    @ParameterizedTest(name = "invalid/{0}")
    @MethodSource("invalid")
    void invalidModelIsRefusedByBothUnlessListedAsOneSided(String name) {
        byte[] raw = Examples.bytes(TYPE, "invalid", name);
        List<String> schemaProblems = ContractSchemas.problems(ContractSchemas.SEGMENT_MODEL, raw);
        List<String> javaProblems = javaProblems(raw);

        if (JAVA_ONLY.contains(name)) {
            assertThat(schemaProblems).as("schema problems").isEmpty();
            assertThat(javaProblems).as("ModelValidation problems").isNotEmpty();
        } else if (SCHEMA_ONLY.contains(name)) {
            assertThat(schemaProblems).as("schema problems").isNotEmpty();
            assertThat(javaProblems).as("ModelValidation problems").isEmpty();
        } else {
            assertThat(schemaProblems).as("schema problems").isNotEmpty();
            assertThat(javaProblems).as("ModelValidation problems").isNotEmpty();
        }
    }

    @Test
    void theOneSidedExamplesAreExactlyTheListedOnes() {
        Set<String> named = invalid().stream()
                .filter(name -> name.startsWith("java-only-") || name.startsWith("schema-only-"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed = new TreeSet<>(JAVA_ONLY);
        listed.addAll(SCHEMA_ONLY);

        assertThat(named).isEqualTo(listed);
    }

    /** What a Java reader finds wrong: the document does not even read, or ModelValidation's problems. */
    private static List<String> javaProblems(byte[] raw) {
        SegmentModel model;
        try {
            model = Json.fromBytes(raw, SegmentModel.class);
        } catch (UncheckedIOException e) {
            return List.of("unreadable: " + e.getCause().getMessage());
        }
        return ModelValidation.problems(model);
    }
}
