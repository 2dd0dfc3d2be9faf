package org.rfmstream.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;

class KubernetesManifestsTest {

    private static final String APP = "streams-app";
    private static final Map<String, String> POD_FIELDS =
            Map.of("metadata.name", "streams-app-0", "metadata.namespace", "rfm-stream");

    private final KubernetesManifests k8s = KubernetesManifests.load();
    private final Dockerfile dockerfile = Dockerfile.load();

    @Test
    void everyManifestInTheFolderParsesAndIsPartOfTheKustomization() throws IOException {
        List<String> files;
        try (Stream<Path> list = Files.list(Repository.path(KubernetesManifests.DIRECTORY))) {
            files = list.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
                    .filter(name -> !name.equals("kustomization.yaml"))
                    .toList();
        }

        assertThat(KubernetesManifests.resourceFiles(k8s.kustomization())).containsExactlyInAnyOrderElementsOf(files);
        assertThat(k8s.resources()).isNotEmpty().allSatisfy(resource -> {
            assertThat(resource.path("apiVersion").asText()).isNotBlank();
            assertThat(resource.path("kind").asText()).isNotBlank();
            assertThat(resource.path("metadata").path("name").asText()).isNotBlank();
        });
        assertThat(k8s.resources()).extracting(r -> r.path("kind").asText()).contains(
                "ConfigMap", "StatefulSet", "Service", "CronJob", "Job", "PodDisruptionBudget");
    }

    @Test
    void programsSetOnlyVariablesTheyRead() {
        for (JsonNode container : k8s.containers()) {
            Map<String, JsonNode> declared = k8s.declaredEnvironment(container);
            Set<String> referenced = declared.values().stream()
                    .map(value -> value.isTextual() ? value.asText() : value.path("value").asText())
                    .flatMap(value -> KubernetesManifests.references(value).stream())
                    .collect(Collectors.toSet());
            for (String name : declared.keySet()) {
                // POD_NAME and the like exist only to be substituted into another variable.
                boolean substitutionOnly = referenced.contains(name) && declared.get(name).path("valueFrom").has("fieldRef");
                assertThat(ProgramSettings.isRead(name) || substitutionOnly)
                        .as("%s of container %s is read by the program", name, container.path("name").asText())
                        .isTrue();
            }
        }
    }

    @Test
    void allProgramsUseTheSameTopicsAndApplicationId() {
        Set<TopicNames> topics = new java.util.HashSet<>();
        for (JsonNode container : k8s.containers()) {
            topics.add(Settings.of(k8s.programEnvironment(container, dockerfile, POD_FIELDS)).topics());
        }
        assertThat(topics).hasSize(1);
    }

    @Test
    void theClockIsOneTheProgramsKnow() {
        JsonNode config = k8s.ofKind("ConfigMap").getFirst().path("data");
        if (config.has(Settings.SEGMENTATION_CLOCK)) {
            assertThat(config.path(Settings.SEGMENTATION_CLOCK).asText()).isIn(ProgramSettings.CLOCK_VALUES);
        }
    }

    @Test
    void eachAppPodAdvertisesItsStableDnsNameThroughTheHeadlessService() {
        JsonNode statefulSet = k8s.one("StatefulSet", APP);
        JsonNode container = KubernetesManifests.container(statefulSet);
        String headless = statefulSet.path("spec").path("serviceName").asText();
        Settings settings = Settings.of(k8s.programEnvironment(container, dockerfile, POD_FIELDS));

        assertThat(settings.applicationServer()).isEqualTo("streams-app-0." + headless
                + ".rfm-stream.svc.cluster.local:" + settings.httpPort());
        JsonNode service = k8s.one("Service", headless);
        assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo("None");
        // Instances must reach each other while one restores state (not ready yet).
        assertThat(service.path("spec").path("publishNotReadyAddresses").asBoolean()).isTrue();
        assertSelects(service, statefulSet);
    }

    @Test
    void eachAppPodIsAStaticGroupMemberNamedAfterThePodAndGetsNoServiceLinks() {
        JsonNode statefulSet = k8s.one("StatefulSet", APP);
        JsonNode container = KubernetesManifests.container(statefulSet);
        Map<String, String> environment = k8s.programEnvironment(container, dockerfile, POD_FIELDS);

        assertThat(environment.get(ProgramSettings.GROUP_INSTANCE_ID)).isEqualTo("streams-app-0");
        assertThat(Settings.of(environment).duration(ProgramSettings.SESSION_TIMEOUT, null))
                .as("a session timeout that covers a pod restart").isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        // A Service named kafka would inject KAFKA_* variables, which the programs pass to their Kafka clients.
        assertThat(statefulSet.path("spec").path("template").path("spec").path("enableServiceLinks").asBoolean(true))
                .isFalse();
    }

    @Test
    void podFieldsAreDefinedBeforeTheVariableThatRefersToThem() {
        JsonNode container = KubernetesManifests.container(k8s.one("StatefulSet", APP));
        List<String> defined = new ArrayList<>();
        for (JsonNode variable : container.path("env")) {
            assertThat(defined).as("variables %s refers to", variable.path("name").asText())
                    .containsAll(KubernetesManifests.references(variable.path("value").asText()));
            defined.add(variable.path("name").asText());
        }
        assertThat(defined).contains(Settings.APPLICATION_SERVER);
    }

    @Test
    void theHttpPortTheProgramReadsIsTheContainerPortTheProbesAndServicesUse() {
        JsonNode statefulSet = k8s.one("StatefulSet", APP);
        JsonNode container = KubernetesManifests.container(statefulSet);
        int httpPort = Settings.of(k8s.programEnvironment(container, dockerfile, POD_FIELDS)).httpPort();

        assertThat(containerPort(container, container.path("readinessProbe").path("httpGet").path("port").asText()))
                .isEqualTo(httpPort);
        assertThat(containerPort(container, container.path("livenessProbe").path("httpGet").path("port").asText()))
                .isEqualTo(httpPort);
        for (JsonNode service : k8s.ofKind("Service")) {
            assertSelects(service, statefulSet);
            for (JsonNode port : service.path("spec").path("ports")) {
                assertThat(containerPort(container, port.path("targetPort").asText())).isEqualTo(httpPort);
            }
        }
        assertThat(k8s.ofKind("Service")).extracting(s -> s.path("spec").path("clusterIP").asText(""))
                .as("a headless and a client service").containsExactlyInAnyOrder("None", "");
    }

    @Test
    void readinessIsReadyAndLivenessIsHealth() {
        JsonNode container = KubernetesManifests.container(k8s.one("StatefulSet", APP));

        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
    }

    @Test
    void stateLivesOnEachPodsPersistentVolume() {
        JsonNode statefulSet = k8s.one("StatefulSet", APP);
        JsonNode container = KubernetesManifests.container(statefulSet);
        String stateDir = Settings.of(k8s.programEnvironment(container, dockerfile, POD_FIELDS)).stateDir().toString();
        Set<String> claims = new java.util.HashSet<>();
        statefulSet.path("spec").path("volumeClaimTemplates").forEach(t -> claims.add(t.path("metadata").path("name").asText()));

        List<JsonNode> mounts = new ArrayList<>();
        container.path("volumeMounts").forEach(mounts::add);
        assertThat(mounts).as("a volume claim mounted at or above STATE_DIR %s", stateDir).anyMatch(mount ->
                claims.contains(mount.path("name").asText())
                        && (stateDir.equals(mount.path("mountPath").asText())
                        || stateDir.startsWith(mount.path("mountPath").asText() + "/")));
    }

    @Test
    void theAppScalesOutWithAStandbyAndNoMoreReplicasThanPartitions() {
        JsonNode statefulSet = k8s.one("StatefulSet", APP);
        int replicas = statefulSet.path("spec").path("replicas").asInt();
        JsonNode container = KubernetesManifests.container(statefulSet);

        assertThat(k8s.programEnvironment(container, dockerfile, POD_FIELDS))
                .containsEntry(ProgramSettings.NUM_STANDBY_REPLICAS, "1");
        // A standby needs a second instance; an instance beyond the partition count would idle.
        assertThat(replicas).isBetween(2, ProgramSettings.DEFAULT_PARTITIONS);
    }

    @Test
    void theTrainerRunsOnceOnASchedule() {
        JsonNode cronJob = k8s.one("CronJob", "trainer");
        JsonNode container = KubernetesManifests.container(cronJob);

        assertThat(KubernetesManifests.imageTarget(container)).isEqualTo("trainer");
        assertThat(ComposeFile.strings(container.path("args"))).containsExactly("--once");
        assertThat(cronJob.path("spec").path("schedule").asText().split(" ")).hasSize(5);
        assertThat(cronJob.path("spec").path("concurrencyPolicy").asText()).isEqualTo("Forbid");
    }

    @Test
    void aJobCreatesTheTopics() {
        JsonNode container = KubernetesManifests.container(k8s.ofKind("Job").getFirst());

        assertThat(KubernetesManifests.imageTarget(container)).isEqualTo("ops");
        assertThat(ComposeFile.strings(container.path("args"))).containsExactly("topics");
    }

    @Test
    void imagesAreTheDockerfileTargetsComposeBuildsAndTheKustomizationCanRepointThem() {
        ComposeFile compose = ComposeFile.load();
        Set<String> kustomizable = new java.util.HashSet<>();
        k8s.kustomization().path("images").forEach(image -> kustomizable.add(image.path("name").asText()));

        for (JsonNode container : k8s.containers()) {
            String target = KubernetesManifests.imageTarget(container);
            String repository = KubernetesManifests.imageRepository(container.path("image").asText());
            assertThat(dockerfile.findStage(target)).as("Dockerfile target %s", target).isPresent();
            assertThat(compose.servicesBuiltFrom(target)).as("compose services built from %s", target).isNotEmpty()
                    .allSatisfy(service -> assertThat(KubernetesManifests.imageRepository(
                            compose.service(service).path("image").asText())).isEqualTo(repository));
            assertThat(kustomizable).contains(repository);
        }
    }

    @Test
    void podsRunAsTheImagesNonRootUser() {
        String imageUser = dockerfile.effective(APP, "USER").orElseThrow().arguments().split(":")[0];
        for (JsonNode workload : k8s.resources()) {
            JsonNode securityContext = KubernetesManifests.podTemplate(workload).path("spec").path("securityContext");
            if (!securityContext.isMissingNode()) {
                assertThat(securityContext.path("runAsNonRoot").asBoolean()).isTrue();
                assertThat(securityContext.path("runAsUser").asText()).isEqualTo(imageUser);
            }
        }
    }

    private static int containerPort(JsonNode container, String nameOrNumber) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(nameOrNumber) || port.path("containerPort").asText().equals(nameOrNumber)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("container " + container.path("name").asText() + " has no port " + nameOrNumber);
    }

    private static void assertSelects(JsonNode service, JsonNode workload) {
        JsonNode podLabels = KubernetesManifests.podTemplate(workload).path("metadata").path("labels");
        service.path("spec").path("selector").fields().forEachRemaining(selector ->
                assertThat(podLabels.path(selector.getKey()).asText())
                        .as("pods of %s carry %s of service %s", workload.path("metadata").path("name").asText(),
                                selector.getKey(), service.path("metadata").path("name").asText())
                        .isEqualTo(selector.getValue().asText()));
        assertThat(service.path("spec").path("selector").size()).isPositive();
    }
}
