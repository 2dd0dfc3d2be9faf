package org.rfmstream.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrometheusConfigTest {

    private static final String PROMETHEUS = "prometheus";

    private final ComposeFile compose = ComposeFile.load();
    private final Dockerfile dockerfile = Dockerfile.load();
    private final JsonNode config = YamlFiles.read(configFile());

    @Test
    void composeStartsPrometheusWithThisConfigFile() {
        assertThat(configFile()).isEqualTo(Repository.path("ops/prometheus/prometheus.yml"));
    }

    @Test
    void everyTargetIsAComposeProgramOnThePortItListensOn() {
        for (String target : targets()) {
            String[] hostPort = target.split(":");
            String service = compose.serviceReachableAs(hostPort[0])
                    .orElseThrow(() -> new AssertionError("scrape target " + target + " is no compose service"));
            assertThat(Integer.parseInt(hostPort[1])).as("port of %s", target).isEqualTo(httpPort(service));
        }
    }

    @Test
    void everyLongRunningProgramIsScrapedAtMetrics() {
        List<String> scraped = targets().stream().map(target -> compose.serviceReachableAs(target.split(":")[0]).orElseThrow()).toList();

        assertThat(scraped).containsExactlyInAnyOrder("streams-app-1", "streams-app-2", "trainer");
        for (JsonNode job : config.path("scrape_configs")) {
            assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
        }
    }

    @Test
    void theAlertRulesAreLoadedFromTheMountedRulesFile() {
        List<String> ruleFiles = ComposeFile.strings(config.path("rule_files"));

        assertThat(ruleFiles).isNotEmpty();
        for (String ruleFile : ruleFiles) {
            Optional<Path> file = compose.repositoryFileAt(PROMETHEUS, ruleFile);
            assertThat(file).as("%s is mounted from the repository", ruleFile).isPresent();
            assertThat(file.get()).isEqualTo(Repository.path(DeployedMetrics.ALERT_RULES)).isRegularFile();
        }
    }

    @Test
    void everyAlertSaysHowSevereItIsAndWhatHappened() {
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : YamlFiles.read(Repository.path(DeployedMetrics.ALERT_RULES)).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                alerts.add(alert);
                assertThat(rule.path("expr").asText()).as("expr of %s", alert).isNotBlank();
                assertThat(rule.path("for").asText()).as("for of %s", alert).matches("\\d+[smh]");
                assertThat(rule.path("labels").path("severity").asText()).as("severity of %s", alert)
                        .isIn("critical", "warning");
                assertThat(rule.path("annotations").path("summary").asText()).as("summary of %s", alert).isNotBlank();
            }
        }
        assertThat(alerts).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);
    }

    /** The config file Prometheus is started with, as the repository file mounted there. */
    private Path configFile() {
        String flag = compose.command(PROMETHEUS).stream()
                .filter(argument -> argument.startsWith("--config.file="))
                .findFirst()
                .orElse("--config.file=/etc/prometheus/prometheus.yml");
        String inContainer = flag.substring("--config.file=".length());
        Path file = compose.repositoryFileAt(PROMETHEUS, inContainer)
                .orElseThrow(() -> new AssertionError(inContainer + " is not mounted from the repository"));
        assertThat(Files.isRegularFile(file)).as("%s exists", file).isTrue();
        return file;
    }

    private List<String> targets() {
        List<String> targets = new ArrayList<>();
        for (JsonNode job : config.path("scrape_configs")) {
            for (JsonNode staticConfig : job.path("static_configs")) {
                staticConfig.path("targets").forEach(target -> targets.add(target.asText()));
            }
        }
        return targets;
    }

    private int httpPort(String service) {
        String target = compose.buildTarget(service)
                .orElseThrow(() -> new AssertionError(service + " is not one of our programs"));
        return switch (target) {
            case "streams-app" -> compose.programSettings(service, dockerfile).httpPort();
            case "trainer" -> Integer.parseInt(compose.environment(service).getOrDefault(
                    ProgramSettings.TRAINER_HTTP_PORT, String.valueOf(ProgramSettings.TRAINER_DEFAULT_HTTP_PORT)));
            default -> throw new AssertionError(service + " (" + target + ") serves no metrics");
        };
    }
}
