package org.rfmstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and one-line errors, no stack traces. */
class OpsMainTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private String err() {
        return console.err();
    }

    @Test
    void generateWritesTheFileAndTheTruthTheSameWayForTheSameSeed() throws IOException {
        Path first = dir.resolve("a/first.csv");
        Path second = dir.resolve("second.csv");
        Path truth = dir.resolve("truth.csv");

        assertThat(OpsMain.run("generate", "--customers", "50", "--out", first.toString(), "--seed", "9",
                "--truth", truth.toString())).isZero();
        assertThat(OpsMain.run("generate", "--customers", "50", "--out", second.toString(), "--seed", "9")).isZero();

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        assertThat(Files.readAllLines(truth)).hasSize(51).first().isEqualTo("CustomerID,persona");
        assertThat(console.out()).contains("for 50 customers");
    }

    @Test
    void replayOfAMissingFileIsOneClearLineAndAFailure() {
        Path missing = dir.resolve("nothing-here.csv");

        assertThat(OpsMain.run("replay", missing.toString())).isEqualTo(1);

        assertThat(err()).isEqualTo("error: file " + missing + " does not exist" + System.lineSeparator());
    }

    @Test
    void replayOfADirectoryIsOneClearLineAndAFailure() {
        assertThat(OpsMain.run("replay", dir.toString())).isEqualTo(1);

        assertThat(err()).isEqualTo("error: " + dir + " is a directory, not a CSV file" + System.lineSeparator());
    }

    @Test
    void anUnknownCancellationPolicyIsAUsageError() {
        assertThat(OpsMain.run("replay", "x.csv", "--cancellations", "keep")).isEqualTo(2);

        assertThat(err()).contains("cancellations must be refund or skip, not 'keep'");
    }

    @Test
    void kafkaOnATakenPortIsOneClearLineAndAFailure() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThat(OpsMain.run("kafka", "--port", String.valueOf(port), "--dir", dir.toString())).isEqualTo(1);

            assertThat(err()).isEqualTo("error: port " + port + " on 127.0.0.1 is already in use (is another Kafka "
                    + "running?): stop it or choose another port with --port" + System.lineSeparator());
        }
    }
}
