package org.rfmstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rfmstream.schemas.ValidationResult.Invalid;
import org.rfmstream.schemas.ValidationResult.Valid;

/**
 * Every example transaction goes through both halves of the contract — {@code transaction.schema.json} (as any
 * other language would apply it) and {@link TransactionValidator} (what the application applies) — and both
 * must agree with the folder the example is in. The only documents on which they may differ are the
 * {@code invalid/java-only-*} ones, listed below one by one, for the rules JSON Schema cannot state.
 */
class TransactionExamplesTest {

    private static final String TYPE = "transaction";

    /** "Now" for the future-timestamp rule; the examples are written around it. */
    static final Instant NOW = Instant.parse("2011-12-10T00:00:00Z");

    private static final TransactionValidator JAVA = new TransactionValidator();

    /** The documents the schema accepts and Java refuses, each for a rule JSON Schema cannot express. */
    private static final Set<String> JAVA_ONLY = Set.of(
            "java-only-amount-mismatch.json",               // amount vs sum of lines, to the cent
            "java-only-amount-rounds-to-zero.json",          // amount > 0 after rounding to cents
            "java-only-lines-total-rounds-to-zero.json",     // the same, for an amount summed from the lines
            "java-only-lines-total-above-the-limit.json",    // the amount's maximum, for a sum of lines
            "java-only-amount-with-too-many-decimals.json",  // at most 100 decimals
            "java-only-unit-price-with-too-many-decimals.json",
            "java-only-future-timestamp.json",               // timestamp vs the consumer's clock
            "java-only-too-large.json");                     // raw size of the record

    static List<String> valid() {
        return Examples.names(TYPE, "valid");
    }

    static List<String> invalid() {
        return Examples.names(TYPE, "invalid");
    }

    @ParameterizedTest(name = "valid/{0}")
    @MethodSource("valid")
    void validExampleIsAcceptedByTheSchemaAndByJava(String name) {
        byte[] raw = Examples.bytes(TYPE, "valid", name);

        assertThat(ContractSchemas.problems(ContractSchemas.TRANSACTION, raw)).as("schema problems").isEmpty();
        assertThat(JAVA.validate(raw, NOW)).isInstanceOf(Valid.class);
    }

    @ParameterizedTest(name = "invalid/{0}")
    @MethodSource("invalid")
    void invalidExampleIsRefusedByJavaWithTheListedReasonAndField(String name) {
        String[] expected = expectedReasons().getProperty(name, "").trim().split("\\s+");
        assertThat(expected).as("entry for %s in expected-reasons.properties", name).hasSize(2);

        ValidationResult result = JAVA.validate(Examples.bytes(TYPE, "invalid", name), NOW);

        assertThat(result).isInstanceOf(Invalid.class);
        Invalid invalid = (Invalid) result;
        assertThat(invalid.reason().code()).isEqualTo(expected[0]);
        assertThat(invalid.field()).isEqualTo("-".equals(expected[1]) ? null : expected[1]);
        assertThat(invalid.detail()).isNotBlank();
    }

    @ParameterizedTest(name = "invalid/{0}")
    @MethodSource("invalid")
    void invalidExampleIsRefusedByTheSchemaUnlessItIsListedAsJavaOnly(String name) {
        List<String> problems = ContractSchemas.problems(ContractSchemas.TRANSACTION,
                Examples.bytes(TYPE, "invalid", name));

        if (JAVA_ONLY.contains(name)) {
            assertThat(problems).as("schema problems of a java-only example").isEmpty();
        } else {
            assertThat(problems).as("schema problems").isNotEmpty();
        }
    }

    @Test
    void theJavaOnlyExamplesAreExactlyTheListedOnes() {
        Set<String> javaOnlyFiles = invalid().stream().filter(name -> name.startsWith("java-only-"))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(javaOnlyFiles).isEqualTo(new TreeSet<>(JAVA_ONLY));
    }

    @Test
    void everyInvalidExampleHasExactlyOneExpectedReason() {
        assertThat(new TreeSet<>(expectedReasons().stringPropertyNames())).isEqualTo(new TreeSet<>(invalid()));
    }

    @Test
    void theFutureTimestampExampleIsRefusedOnlyBecauseOfTheClock() {
        byte[] raw = Examples.bytes(TYPE, "invalid", "java-only-future-timestamp.json");

        assertThat(JAVA.validate(raw, NOW.plusSeconds(1))).isInstanceOf(Valid.class);
        assertThat(new TransactionValidator(Duration.ofHours(2), TransactionValidator.DEFAULT_MAX_BYTES)
                .validate(raw, NOW)).isInstanceOf(Valid.class);
    }

    @Test
    void theTooLargeExampleIsRefusedOnlyBecauseOfItsSize() {
        byte[] raw = Examples.bytes(TYPE, "invalid", "java-only-too-large.json");

        assertThat(raw.length).isGreaterThan(TransactionValidator.DEFAULT_MAX_BYTES);
        assertThat(new TransactionValidator(TransactionValidator.DEFAULT_MAX_FUTURE_SKEW, raw.length)
                .validate(raw, NOW)).isInstanceOf(Valid.class);
    }

    @Test
    void bothHalvesHaveExamplesOfEveryReasonCode() {
        Set<String> codesUsed = expectedReasons().stringPropertyNames().stream()
                .map(name -> expectedReasons().getProperty(name).trim().split("\\s+")[0])
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(codesUsed).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(ValidationResult.Reason.values()).map(ValidationResult.Reason::code).toList());
    }

    private static Properties expectedReasons() {
        return Examples.properties(TYPE, "invalid", "expected-reasons.properties");
    }
}
