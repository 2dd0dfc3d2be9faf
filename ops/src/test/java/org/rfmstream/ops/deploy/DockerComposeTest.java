package org.rfmstream.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;

class DockerComposeTest {

    private static final String KAFKA = "kafka";
    private static final List<String> APP_INSTANCES = List.of("streams-app-1", "streams-app-2");
    private static final String TRAINER = "trainer";
    private static final String TOPICS = "topics";

    private final ComposeFile compose = ComposeFile.load();
    private final Dockerfile dockerfile = Dockerfile.load();

    @Test
    void runsKafkaTopicSetUpTwoAppInstancesTrainerPrometheusAndGrafana() {
        assertThat(compose.serviceNames()).containsExactlyInAnyOrder(
                KAFKA, TOPICS, "streams-app-1", "streams-app-2", TRAINER, "prometheus", "grafana");
        assertThat(compose.buildTarget(TOPICS)).contains("ops");
        APP_INSTANCES.forEach(app -> assertThat(compose.buildTarget(app)).contains("streams-app"));
        assertThat(compose.buildTarget(TRAINER)).contains("trainer");
    }

    @Test
    void everyProgramImageIsATargetOfTheDockerfileNamedAfterIt() {
        for (String service : compose.programServices()) {
            String target = compose.buildTarget(service).orElseThrow();
            assertThat(dockerfile.findStage(target)).as("Dockerfile target of %s", service).isPresent();
            assertThat(compose.service(service).path("build").path("context").asText()).isEqualTo(".");
            assertThat(compose.service(service).path("image").asText()).startsWith("rfm-stream/" + target + ":");
        }
    }

    @Test
    void eachAppInstanceIsAStaticGroupMemberOfItsOwn() {
        Set<String> ids = APP_INSTANCES.stream()
                .map(app -> compose.environment(app).get(ProgramSettings.GROUP_INSTANCE_ID))
                .collect(Collectors.toSet());

        assertThat(ids).doesNotContainNull().hasSize(APP_INSTANCES.size());
        for (String app : APP_INSTANCES) {
            assertThat(compose.programSettings(app, dockerfile).duration(ProgramSettings.SESSION_TIMEOUT, null))
                    .as("session timeout of %s", app).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void kafkaIsTheOfficialImageOfTheClientsVersion() {
        assertThat(compose.service(KAFKA).path("image").asText()).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
    }

    @Test
    void kafkaIsAValidSingleNodeKRaftBrokerWithReplicationFactorOneForItsInternalTopics() {
        Properties broker = brokerProperties();

        assertThat(broker.stringPropertyNames()).as("every KAFKA_* of the broker is a broker setting")
                .allMatch(AbstractKafkaConfig.CONFIG_DEF.names()::contains);
        // The broker's own validation: listeners, controller quorum, roles must fit together.
        KafkaConfig config = KafkaConfig.fromProps(broker);

        assertThat(broker.getProperty("process.roles")).isEqualTo("broker,controller");
        // a single broker needs replication factor 1 and min ISR 1 for its internal topics: otherwise consumers and
        // exactly-once silently never work.
        assertThat(config.getShort("offsets.topic.replication.factor")).isEqualTo((short) 1);
        assertThat(config.getShort("transaction.state.log.replication.factor")).isEqualTo((short) 1);
        assertThat(config.getInt("transaction.state.log.min.isr")).isEqualTo(1);
        assertThat(Uuid.fromString(compose.environment(KAFKA).get("CLUSTER_ID"))).isNotNull();
        assertThat(compose.mounts(KAFKA)).anyMatch(mount -> mount.target().equals(broker.getProperty("log.dirs")));
    }

    @Test
    void programsReachKafkaOnAListenerItAdvertisesUnderItsComposeName() {
        Map<String, String> advertised = advertisedListeners();

        for (String service : compose.programServices()) {
            String bootstrap = compose.programSettings(service, dockerfile).bootstrapServers();
            for (String server : bootstrap.split(",")) {
                assertThat(advertised.values()).as("%s bootstrap %s", service, server).contains(server.strip());
                String host = server.strip().split(":")[0];
                assertThat(compose.serviceReachableAs(host)).as("%s resolves %s", service, host).contains(KAFKA);
            }
        }
    }

    @Test
    void programsOnTheHostReachKafkaWithTheDefaultBootstrapServers() {
        String hostAddress = Settings.DEFAULT_BOOTSTRAP_SERVERS;
        int port = Integer.parseInt(hostAddress.split(":")[1]);

        assertThat(advertisedListeners().values()).contains(hostAddress);
        assertThat(compose.ports(KAFKA)).contains(new ComposeFile.PortMapping(port, port));
    }

    @Test
    void programsSetOnlyVariablesTheyRead() {
        for (String service : compose.programServices()) {
            assertThat(compose.environment(service).keySet()).as("environment of %s", service)
                    .allMatch(ProgramSettings::isRead);
        }
    }

    @Test
    void allProgramsUseTheSameTopics() {
        Set<TopicNames> topics = compose.programServices().stream()
                .map(service -> compose.programSettings(service, dockerfile).topics())
                .collect(Collectors.toSet());

        assertThat(topics).hasSize(1);
    }

    @Test
    void appInstancesShareTheApplicationIdAndAdvertiseTheirOwnComposeAddress() {
        Set<String> applicationIds = APP_INSTANCES.stream()
                .map(app -> compose.programSettings(app, dockerfile).applicationId())
                .collect(Collectors.toSet());
        assertThat(applicationIds).hasSize(1);

        for (String app : APP_INSTANCES) {
            Settings settings = compose.programSettings(app, dockerfile);
            String[] server = settings.applicationServer().split(":");
            assertThat(compose.serviceReachableAs(server[0])).as("APPLICATION_SERVER host of %s", app).contains(app);
            assertThat(Integer.parseInt(server[1])).as("APPLICATION_SERVER port of %s", app).isEqualTo(settings.httpPort());
        }
    }

    @Test
    void appInstancesRunWithAStandbyReplica() {
        for (String app : APP_INSTANCES) {
            assertThat(compose.environment(app)).containsEntry(ProgramSettings.NUM_STANDBY_REPLICAS, "1");
        }
    }

    @Test
    void eachAppInstanceKeepsItsStateOnItsOwnVolume() {
        Map<String, String> volumeByApp = new HashMap<>();
        for (String app : APP_INSTANCES) {
            String stateDir = compose.programSettings(app, dockerfile).stateDir().toString();
            ComposeFile.Mount mount = compose.mounts(app).stream()
                    .filter(m -> stateDir.equals(m.target()) || stateDir.startsWith(m.target() + "/"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(app + " has no volume at its STATE_DIR " + stateDir));
            assertThat(mount.isBind()).isFalse();
            assertThat(compose.root().path("volumes").has(mount.source())).as("volume %s declared", mount.source()).isTrue();
            volumeByApp.put(app, mount.source());
        }
        assertThat(Set.copyOf(volumeByApp.values())).hasSameSizeAs(APP_INSTANCES);
    }

    @Test
    void appInstancesAreOn8080And8082OfTheHost() {
        assertThat(publishedHttpPort("streams-app-1")).isEqualTo(8080);
        assertThat(publishedHttpPort("streams-app-2")).isEqualTo(8082);
    }

    @Test
    void theTrainerRetrainsOnAScheduleAndServesItsMetricsOn8081() {
        List<String> command = compose.command(TRAINER);
        int every = command.indexOf("--every");

        assertThat(every).isNotNegative();
        assertThat(Duration.parse(command.get(every + 1))).isEqualTo(Duration.ofMinutes(5));
        assertThat(trainerPort()).isEqualTo(8081);
        assertThat(compose.ports(TRAINER)).contains(new ComposeFile.PortMapping(8081, trainerPort()));
    }

    @Test
    void longRunningProgramsAreHealthCheckedOnTheirOwnHealthRoute() {
        for (String app : APP_INSTANCES) {
            int port = compose.programSettings(app, dockerfile).httpPort();
            assertThat(compose.healthCheck(app)).contains("http://localhost:" + port + "/health");
        }
        assertThat(compose.healthCheck(TRAINER)).contains("http://localhost:" + trainerPort() + "/health");
    }

    @Test
    void topicsAreCreatedOnceKafkaIsHealthyAndBeforeAnyProgramStarts() {
        assertThat(compose.command(TOPICS)).containsExactly("topics");
        assertThat(compose.dependencies(TOPICS)).containsEntry(KAFKA, "service_healthy");
        assertThat(compose.healthCheck(KAFKA)).isNotBlank();
        for (String service : compose.programServices()) {
            if (!service.equals(TOPICS)) {
                assertThat(compose.dependencies(service)).as("%s waits for the topics", service)
                        .containsEntry(TOPICS, "service_completed_successfully");
            }
        }
    }

    @Test
    void grafanaLetsAnonymousUsersViewOnly() {
        assertThat(compose.environment("grafana"))
                .containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
                .containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
        assertThat(compose.ports("grafana")).contains(new ComposeFile.PortMapping(3000, 3000));
        assertThat(compose.ports("prometheus")).contains(new ComposeFile.PortMapping(9090, 9090));
    }

    private int publishedHttpPort(String app) {
        int containerPort = compose.programSettings(app, dockerfile).httpPort();
        return compose.ports(app).stream()
                .filter(port -> port.container() == containerPort)
                .mapToInt(ComposeFile.PortMapping::published)
                .findFirst()
                .orElseThrow(() -> new AssertionError(app + " does not publish its HTTP port " + containerPort));
    }

    /** The trainer's HTTP port: its own setting, or the trainer's default. */
    private int trainerPort() {
        return Integer.parseInt(compose.environment(TRAINER).getOrDefault(ProgramSettings.TRAINER_HTTP_PORT,
                String.valueOf(ProgramSettings.TRAINER_DEFAULT_HTTP_PORT)));
    }

    /** The broker's KAFKA_* variables as server.properties, the way the apache/kafka image converts them. */
    private Properties brokerProperties() {
        Properties properties = new Properties();
        compose.environment(KAFKA).forEach((name, value) -> {
            if (name.startsWith("KAFKA_")) {
                String property = name.substring("KAFKA_".length()).toLowerCase(java.util.Locale.ROOT)
                        .replace("___", "\u0000").replace("__", "-").replace('_', '.').replace('\u0000', '_');
                properties.setProperty(property, value);
            }
        });
        return properties;
    }

    /** Listener name → advertised host:port. */
    private Map<String, String> advertisedListeners() {
        return Arrays.stream(brokerProperties().getProperty("advertised.listeners").split(","))
                .map(listener -> listener.strip().split("://"))
                .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1]));
    }
}
