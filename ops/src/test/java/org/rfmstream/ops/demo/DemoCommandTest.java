package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.ops.ConsoleCapture;
import org.rfmstream.ops.OpsException;
import org.rfmstream.ops.OpsMain;

/** What a user meets before anything starts: wrong options, ports in use, missing jars. */
class DemoCommandTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private String err() {
        return console.err();
    }

    private Path fakeJar(String name) throws IOException {
        return Files.writeString(tmp.resolve(name), "not really a jar");
    }

    @Test
    void aPortInUseStopsTheDemoBeforeAnythingStartsWithOneMessage() throws IOException {
        Path dir = tmp.resolve("demo");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int exit = OpsMain.run("demo", "--dir", dir.toString(), "--http-port", String.valueOf(taken.getLocalPort()),
                    "--kafka-port", String.valueOf(PortsTest.freePort()), "--trainer-port",
                    String.valueOf(PortsTest.freePort()), "--app-jar", fakeJar("app.jar").toString(),
                    "--trainer-jar", fakeJar("trainer.jar").toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err()).startsWith("error: port " + taken.getLocalPort()
                    + " (dashboard and HTTP API, --http-port) is already in use");
            assertThat(err().lines()).hasSize(1);
            assertThat(dir).doesNotExist();
        }
    }

    @Test
    void missingJarsSayHowToBuildThem() throws IOException {
        int exit = OpsMain.run("demo", "--dir", tmp.resolve("demo").toString(), "--app-jar",
                tmp.resolve("missing-app.jar").toString(), "--trainer-jar", tmp.resolve("missing-trainer.jar").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err()).contains("--app-jar does not exist").contains("--trainer-jar does not exist")
                .contains("run mvn -B package -DskipTests first");
        assertThat(err().lines()).hasSize(1);
    }

    @Test
    void tooFewCustomersForTheTrainerAreRefused() {
        int exit = OpsMain.run("demo", "--dir", tmp.toString(), "--customers", "50");

        assertThat(exit).isEqualTo(1);
        assertThat(err()).isEqualTo("error: --customers must be at least 200, is 50" + System.lineSeparator());
    }

    @Test
    void optionsThatMakeNoSenseAreRefused() {
        DemoOptions defaults = DemoOptions.defaults(tmp);

        assertThatThrownBy(() -> defaults.withTraffic(-1, Duration.ofMinutes(2)).validate())
                .isInstanceOf(OpsException.class).hasMessageContaining("--rate");
        assertThatThrownBy(() -> defaults.withTraffic(20, Duration.ofSeconds(1)).validate())
                .isInstanceOf(OpsException.class).hasMessageContaining("--train-every must be at least PT10S");
        assertThatThrownBy(() -> defaults.withDuration(Duration.ZERO).validate())
                .isInstanceOf(OpsException.class).hasMessageContaining("--duration must be positive");
    }

    @Test
    void resetRefusesToDeleteADirectoryThatIsNotADemo() throws IOException {
        Path precious = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(precious.resolve("thesis.tex"), "years of work");

        assertThatThrownBy(() -> Demo.reset(precious))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining("does not look like a demo data directory");
        assertThat(precious.resolve("thesis.tex")).exists();
    }

    @Test
    void resetDeletesADemoDirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("demo/kafka"));
        Files.writeString(dir.resolve("meta.properties"), "cluster.id=x");
        Files.writeString(tmp.resolve("demo/history.csv"), "InvoiceNo");

        Demo.reset(tmp.resolve("demo"));

        assertThat(tmp.resolve("demo")).doesNotExist();
    }

    @Test
    void aDataDirectoryIsContinuedOnlyIfItsHistoryWasSentInFull() throws IOException {
        Path dir = tmp.resolve("demo");
        DemoState complete = DemoState.starting(3000, 42)
                .withHistory(100, java.time.Instant.EPOCH, java.time.Instant.EPOCH);

        assertThat(Demo.inspect(dir, null)).isEqualTo(Demo.DataDir.NEW);
        assertThat(Demo.inspect(dir, complete)).as("a state without broker data").isEqualTo(Demo.DataDir.NEW);

        Files.createDirectories(dir.resolve("kafka"));
        Files.writeString(dir.resolve("kafka/meta.properties"), "cluster.id=x");
        assertThat(Demo.inspect(dir, complete)).isEqualTo(Demo.DataDir.CONTINUE);
        assertThat(Demo.inspect(dir, DemoState.starting(3000, 42))).isEqualTo(Demo.DataDir.INTERRUPTED_FIRST_RUN);
        assertThat(Demo.inspect(dir, null)).isEqualTo(Demo.DataDir.FOREIGN);
    }

    @Test
    void timesAreShortAndReadable() {
        assertThat(Demo.human(Duration.ofMillis(4_230))).isEqualTo("4.2s");
        assertThat(Demo.human(Duration.ofSeconds(65))).isEqualTo("1m05s");
        assertThat(Demo.human(Duration.ofMinutes(62))).isEqualTo("1h02m");
    }
}
