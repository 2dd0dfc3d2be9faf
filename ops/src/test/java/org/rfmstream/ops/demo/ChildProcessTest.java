package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void childrenKeepTheEnvironmentButNotKafkaClientSettingsForAnotherCluster() {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin", "KAFKA_BOOTSTRAP_SERVERS", "prod:9092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_HEAP_OPTS", "-Xmx1g", "TOPIC_TRANSACTIONS", "tx"));

        ChildProcess.applyEnvironment(environment, Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
                "HTTP_PORT", "8080"));

        assertThat(environment).containsExactlyInAnyOrderEntriesOf(Map.of("PATH", "/usr/bin",
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "KAFKA_HEAP_OPTS", "-Xmx1g", "TOPIC_TRANSACTIONS", "tx",
                "HTTP_PORT", "8080"));
    }

    @Test
    void theJavaCommandUsesThisJvmAndAllowsNativeAccess() {
        List<String> command = ChildProcess.javaCommand(Path.of("app.jar"), "--once");

        assertThat(command.get(0)).startsWith(System.getProperty("java.home"));
        assertThat(command).contains("--enable-native-access=ALL-UNNAMED");
        assertThat(command.subList(command.size() - 3, command.size())).containsExactly("-jar", "app.jar", "--once");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void outputGoesToTheLogAndTheTailShowsItsLastLines() throws InterruptedException {
        Path log = dir.resolve("logs/child.log");
        ChildProcess child = ChildProcess.start("counter", List.of("sh", "-c", "for i in $(seq 1 50); do echo line $i; "
                + "done; echo oops >&2; exit 7"), Map.of(), log, dir);

        assertThat(child.awaitExit(Duration.ofSeconds(10))).hasValue(7);
        assertThat(child.tail(3)).containsExactly("line 49", "line 50", "oops");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void stopAsksPolitelyFirst() throws IOException {
        Path log = dir.resolve("polite.log");
        ChildProcess child = ChildProcess.start("polite", List.of("sh", "-c",
                "trap 'echo stopping cleanly; exit 0' TERM; echo ready; while true; do sleep 0.1; done"), Map.of(), log,
                dir);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(log).contains("ready"));

        assertThat(child.stop(Duration.ofSeconds(10))).isTrue();
        assertThat(child.isAlive()).isFalse();
        assertThat(Files.readString(log)).contains("stopping cleanly");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aChildThatIgnoresTheRequestIsKilledAfterTheGracePeriod() throws IOException {
        Path log = dir.resolve("stubborn.log");
        ChildProcess child = ChildProcess.start("stubborn", List.of("sh", "-c",
                "trap '' TERM; echo ready; while true; do sleep 0.1; done"), Map.of(), log, dir);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(log).contains("ready"));

        assertThat(child.stop(Duration.ofMillis(300))).isFalse();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void theTailOfALongLogIsItsEnd() throws IOException {
        Path log = dir.resolve("long.log");
        Files.write(log, IntStream.rangeClosed(1, 20_000).mapToObj(i -> "line number " + i).toList());

        assertThat(ChildProcess.tail(log, 2)).containsExactly("line number 19999", "line number 20000");
        assertThat(ChildProcess.tail(dir.resolve("missing.log"), 5)).isEmpty();
    }
}
