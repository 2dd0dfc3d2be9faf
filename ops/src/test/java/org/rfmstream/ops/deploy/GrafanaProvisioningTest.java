package org.rfmstream.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GrafanaProvisioningTest {

    private static final String GRAFANA = "grafana";
    private static final String PROVISIONING = "/etc/grafana/provisioning";

    private final ComposeFile compose = ComposeFile.load();
    private final JsonNode dashboard = YamlFiles.readJson(Repository.path(DeployedMetrics.DASHBOARD));

    @Test
    void theDatasourceIsThePrometheusOfCompose() {
        JsonNode datasource = datasource();
        URI url = URI.create(datasource.path("url").asText());

        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(compose.serviceReachableAs(url.getHost())).contains("prometheus");
        assertThat(compose.ports("prometheus")).anyMatch(port -> port.container() == url.getPort());
    }

    @Test
    void everyPanelAndQueryUsesTheProvisionedDatasource() {
        String uid = datasource().path("uid").asText();

        assertThat(uid).isNotBlank();
        assertThat(panels()).isNotEmpty().allSatisfy(panel -> {
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of panel %s", title).isEqualTo(uid);
            assertThat(panel.path("targets")).as("queries of panel %s", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                JsonNode own = target.path("datasource");
                assertThat(own.isMissingNode() || own.path("uid").asText().equals(uid))
                        .as("datasource of a query of panel %s", title).isTrue();
                assertThat(target.path("expr").asText()).as("query of panel %s", title).isNotBlank();
            }
        });
    }

    @Test
    void theDashboardIsInTheFolderTheProviderLoads() {
        JsonNode provider = single(provisioningFiles("dashboards"), "providers");
        String inContainer = provider.path("options").path("path").asText();

        Path folder = compose.repositoryFileAt(GRAFANA, inContainer)
                .orElseThrow(() -> new AssertionError(inContainer + " is not mounted from the repository"));
        assertThat(folder.resolve(Path.of(DeployedMetrics.DASHBOARD).getFileName()))
                .isEqualTo(Repository.path(DeployedMetrics.DASHBOARD));
        String home = compose.environment(GRAFANA).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(compose.repositoryFileAt(GRAFANA, home)).contains(Repository.path(DeployedMetrics.DASHBOARD));
    }

    @Test
    void thePanelsCoverWhatAnOperatorWatches() {
        assertThat(panels()).extracting(panel -> panel.path("title").asText()).contains(
                "Throughput by result", "DLQ rate", "Segment changes by reason", "Customers per segment",
                "Model version", "Model silhouette", "Event to segment change latency", "Consumer lag",
                "HTTP latency", "JVM memory used");
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlapOnTheGrid() {
        List<JsonNode> panels = panels();
        assertThat(panels).extracting(panel -> panel.path("id").asInt()).doesNotHaveDuplicates();
        for (int i = 0; i < panels.size(); i++) {
            JsonNode a = panels.get(i).path("gridPos");
            assertThat(a.path("x").asInt() + a.path("w").asInt()).isLessThanOrEqualTo(24);
            for (int j = i + 1; j < panels.size(); j++) {
                JsonNode b = panels.get(j).path("gridPos");
                boolean apart = a.path("x").asInt() + a.path("w").asInt() <= b.path("x").asInt()
                        || b.path("x").asInt() + b.path("w").asInt() <= a.path("x").asInt()
                        || a.path("y").asInt() + a.path("h").asInt() <= b.path("y").asInt()
                        || b.path("y").asInt() + b.path("h").asInt() <= a.path("y").asInt();
                assertThat(apart).as("%s and %s overlap", panels.get(i).path("title"), panels.get(j).path("title"))
                        .isTrue();
            }
        }
    }

    private JsonNode datasource() {
        return single(provisioningFiles("datasources"), "datasources");
    }

    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        return panels;
    }

    /** The YAML files of a provisioning folder, as compose mounts it into Grafana. */
    private List<JsonNode> provisioningFiles(String kind) {
        Path folder = compose.repositoryFileAt(GRAFANA, PROVISIONING + "/" + kind)
                .orElseThrow(() -> new AssertionError(PROVISIONING + " is not mounted from the repository"));
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml"))
                    .map(YamlFiles::read).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode single(List<JsonNode> files, String field) {
        List<JsonNode> items = new ArrayList<>();
        files.forEach(file -> file.path(field).forEach(items::add));
        assertThat(items).as(field).hasSize(1);
        return items.getFirst();
    }
}
