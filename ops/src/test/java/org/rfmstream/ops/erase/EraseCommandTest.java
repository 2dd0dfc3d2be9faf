package org.rfmstream.ops.erase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.ops.ConsoleCapture;
import org.rfmstream.ops.OpsMain;

/** Bad input to {@code ops erase} is one clear line and a failure, before anything is sent (no broker here). */
class EraseCommandTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    /** Nothing listens there: a command that tried to send would fail differently, after a timeout. */
    private static final String NO_BROKER = "127.0.0.1:1";

    @Test
    void noIdAtAllIsAFailureThatSaysHowToNameThem() {
        assertThat(OpsMain.run("erase", "--bootstrap-servers", NO_BROKER)).isEqualTo(1);

        assertThat(console.err()).isEqualTo("error: no customer id given: name them as arguments or with --file"
                + System.lineSeparator());
    }

    @Test
    void aBadIdInTheFileStopsEverythingAndNamesTheLine() throws IOException {
        Path ids = Files.writeString(dir.resolve("ids.txt"), "# privacy desk, batch 7\n17850\n\n12346\n"
                + "x".repeat(1001) + "\n");

        assertThat(OpsMain.run("erase", "--bootstrap-servers", NO_BROKER, "--file", ids.toString())).isEqualTo(1);

        assertThat(console.err()).startsWith("error: nothing sent: " + ids + " line 5: a customer id must not be longer");
        assertThat(console.out()).isEmpty();
    }

    @Test
    void aBlankArgumentIsRefused() {
        assertThat(OpsMain.run("erase", "--bootstrap-servers", NO_BROKER, "17850", " ")).isEqualTo(1);

        assertThat(console.err()).startsWith("error: nothing sent: argument ' ': a customer id must not be empty");
    }

    @Test
    void aMissingFileIsOneClearLine() {
        Path missing = dir.resolve("missing.txt");

        assertThat(OpsMain.run("erase", "--bootstrap-servers", NO_BROKER, "--file", missing.toString())).isEqualTo(1);

        assertThat(console.err()).startsWith("error: cannot read " + missing);
    }

    @Test
    void idsComeFromTheArgumentsAndTheFileInOrderEachOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("ids.txt"), "  12346  \n# a comment\n\n17850\nc-3\n");

        ErasureIds ids = ErasureIds.of(java.util.List.of("17850", "c-1"), file);

        assertThat(ids.ids()).containsExactly("17850", "c-1", "12346", "c-3");
        assertThat(ids.repeated()).isEqualTo(1);
    }
}
