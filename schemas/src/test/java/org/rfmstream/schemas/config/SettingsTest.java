package org.rfmstream.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("rfm.properties");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void withNothingSetEverySettingHasItsDocumentedDefault() {
        Settings settings = Settings.load(null, Map.of());

        assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(settings.applicationId()).isEqualTo("rfm-segmentation");
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.applicationServer()).isEqualTo("localhost:8080");
        assertThat(settings.stateDir()).isEqualTo(Path.of("data", "state").toAbsolutePath());
        assertThat(settings.topics()).isEqualTo(TopicNames.defaults());
    }

    @Test
    void theFileWinsOverDefaultsAndTheEnvironmentWinsOverTheFile() throws IOException {
        Path file = file("KAFKA_BOOTSTRAP_SERVERS=from-file:9092", "HTTP_PORT=9000");

        Settings settings = Settings.load(file, Map.of("KAFKA_BOOTSTRAP_SERVERS", "from-env:9092"));

        assertThat(settings.bootstrapServers()).isEqualTo("from-env:9092");
        assertThat(settings.httpPort()).isEqualTo(9000);
        assertThat(settings.applicationId()).isEqualTo("rfm-segmentation");
    }

    @Test
    void dottedLowerCaseNamesAndEnvironmentNamesAreTheSameSetting() throws IOException {
        Path file = file("kafka.bootstrap.servers=broker-1:9092", "http.port=9001", "application-id=rfm-test");

        Settings fromFile = Settings.load(file, Map.of());

        assertThat(fromFile.bootstrapServers()).isEqualTo("broker-1:9092");
        assertThat(fromFile.httpPort()).isEqualTo(9001);
        assertThat(fromFile.applicationId()).isEqualTo("rfm-test");
        assertThat(fromFile.string("HTTP_PORT", null)).isEqualTo(fromFile.string("http.port", null));
        // and the environment's name overrides the file's dotted one
        assertThat(Settings.load(file, Map.of("HTTP_PORT", "9002")).httpPort()).isEqualTo(9002);
    }

    @Test
    void everyKafkaSettingPassesThroughToTheKafkaClients() throws IOException {
        Path file = file("kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"u\" password=\"p\";", "kafka.acks=all");
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker-1:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_PROCESSING_GUARANTEE", "at_least_once",
                "HTTP_PORT", "8081",
                "PATH", "/usr/bin");

        Properties kafka = Settings.load(file, environment).kafkaProperties();

        assertThat(kafka).containsOnly(
                Map.entry("bootstrap.servers", "broker-1:9093"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "PLAIN"),
                Map.entry("processing.guarantee", "at_least_once"),
                Map.entry("acks", "all"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"u\" password=\"p\";"));
    }

    @Test
    void theKafkaPropertiesAlwaysNameTheBootstrapServersAndSkipBlankSettings() {
        Properties kafka = Settings.load(null, Map.of("KAFKA_CLIENT_ID", "  ")).kafkaProperties();

        assertThat(kafka).containsOnly(Map.entry("bootstrap.servers", "localhost:9092"));
    }

    @Test
    void kafkaLaunchScriptVariablesAreNotClientProperties() {
        Properties kafka = Settings.load(null, Map.of("KAFKA_HEAP_OPTS", "-Xmx1g", "KAFKA_OPTS", "-Dx=y",
                "KAFKA_CLIENT_ID", "rfm")).kafkaProperties();

        assertThat(kafka).containsOnly(Map.entry("bootstrap.servers", "localhost:9092"),
                Map.entry("client.id", "rfm"));
    }

    @Test
    void aBlankValueMeansNotSet() {
        assertThat(Settings.of(Map.of("APPLICATION_ID", "   ")).applicationId()).isEqualTo("rfm-segmentation");
        assertThat(Settings.of(Map.of("APPLICATION_ID", " rfm-a ")).applicationId()).isEqualTo("rfm-a");
    }

    @Test
    void aCommandLineValueReplacesTheEnvironmentsWithoutChangingTheOriginal() {
        Settings environment = Settings.of(Map.of("HTTP_PORT", "8080"));

        Settings overridden = environment.with("http.port", "9090");

        assertThat(overridden.httpPort()).isEqualTo(9090);
        assertThat(environment.httpPort()).isEqualTo(8080);
    }

    @Test
    void theApplicationServerDefaultsToLocalhostOnTheHttpPort() {
        assertThat(Settings.of(Map.of("HTTP_PORT", "8181")).applicationServer()).isEqualTo("localhost:8181");
        assertThat(Settings.of(Map.of("APPLICATION_SERVER", "app-2:8080")).applicationServer())
                .isEqualTo("app-2:8080");
    }

    @Test
    void typedValuesAreParsed() {
        Settings settings = Settings.of(Map.of("RETENTION", "P7D", "TICK", "PT15M", "RATE", "2.5", "BIG", "5000000000",
                "ENABLED", "Yes", "DISABLED", "off", "SEGMENTATION_CLOCK", "Wall-Clock"));

        assertThat(settings.duration("retention", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
        assertThat(settings.duration("tick", Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.decimal("rate", 0)).isEqualTo(2.5);
        assertThat(settings.longValue("big", 0)).isEqualTo(5_000_000_000L);
        assertThat(settings.bool("enabled", false)).isTrue();
        assertThat(settings.bool("disabled", true)).isFalse();
        assertThat(settings.oneOf(Settings.SEGMENTATION_CLOCK, "event-time", "event-time", "wall-clock"))
                .isEqualTo("wall-clock");
        assertThat(settings.oneOf("OTHER_CLOCK", "event-time", "event-time", "wall-clock")).isEqualTo("event-time");
        assertThat(settings.duration("unset", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void badValuesAreOneSentenceNamingTheSettingAndTheValue() {
        Settings settings = Settings.of(Map.of("HTTP_PORT", "eighty", "RATE", "fast", "INFINITE", "Infinity",
                "ENABLED", "maybe", "RETENTION", "7 days", "SEGMENTATION_CLOCK", "sundial", "COUNT", "1.5"));

        assertConfigError(settings::httpPort, "HTTP_PORT must be a whole number, but is 'eighty'.");
        assertConfigError(() -> settings.longValue("COUNT", 0), "COUNT must be a whole number, but is '1.5'.");
        assertConfigError(() -> settings.decimal("RATE", 0), "RATE must be a number, but is 'fast'.");
        assertConfigError(() -> settings.decimal("INFINITE", 0), "INFINITE must be a number, but is 'Infinity'.");
        assertConfigError(() -> settings.bool("ENABLED", false), "ENABLED must be true or false, but is 'maybe'.");
        assertConfigError(() -> settings.duration("RETENTION", Duration.ZERO),
                "RETENTION must be an ISO-8601 duration such as PT15M or P7D, but is '7 days'.");
        assertConfigError(() -> settings.oneOf(Settings.SEGMENTATION_CLOCK, "event-time", "event-time", "wall-clock"),
                "SEGMENTATION_CLOCK must be one of event-time, wall-clock, but is 'sundial'.");
        assertConfigError(() -> settings.required("TOPIC_PREFIX"), "TOPIC_PREFIX is required but not set.");
    }

    @Test
    void aPortOutOfRangeOrAServerWithoutPortIsRefused() {
        assertConfigError(() -> Settings.of(Map.of("HTTP_PORT", "70000")).httpPort(),
                "HTTP_PORT must be a port between 0 and 65535, but is 70000.");
        assertConfigError(() -> Settings.of(Map.of("APPLICATION_SERVER", "app-2")).applicationServer(),
                "APPLICATION_SERVER must be host:port, but is 'app-2'.");
        assertConfigError(() -> Settings.of(Map.of("APPLICATION_SERVER", "app-2:http")).applicationServer(),
                "APPLICATION_SERVER must be host:port, but is 'app-2:http'.");
    }

    @Test
    void aMissingConfigurationFileIsOneClearError() {
        Path missing = dir.resolve("nope.properties");

        assertConfigError(() -> Settings.load(missing, Map.of()),
                "Configuration file " + missing + " does not exist or is not a file.");
        assertConfigError(() -> Settings.load(dir, Map.of()),
                "Configuration file " + dir + " does not exist or is not a file.");
    }

    @Test
    void theDescriptionNamesSettingsButNeverTheirValues() {
        Settings settings = Settings.of(Map.of("KAFKA_SASL_JAAS_CONFIG", "password=\"secret\""));

        assertThat(settings.toString()).contains("KAFKA_SASL_JAAS_CONFIG").doesNotContain("secret");
    }

    private static void assertConfigError(Runnable action, String message) {
        assertThatThrownBy(action::run).isInstanceOf(ConfigException.class).hasMessage(message);
    }
}
