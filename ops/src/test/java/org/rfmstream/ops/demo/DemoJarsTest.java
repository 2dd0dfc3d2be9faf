package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.ops.OpsException;

class DemoJarsTest {

    @TempDir
    Path root;

    private Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "jar");
    }

    @Test
    void findsBothJarsInTheSourceTreeTheOpsJarWasBuiltIn() throws IOException {
        Path app = touch(root.resolve("streams-app/target/streams-app.jar"));
        Path trainer = touch(root.resolve("trainer/target/trainer.jar"));

        DemoJars jars = DemoJars.locate(null, null, root, root.resolve("elsewhere"));

        assertThat(jars.streamsApp()).isEqualTo(app.toAbsolutePath());
        assertThat(jars.trainer()).isEqualTo(trainer.toAbsolutePath());
    }

    @Test
    void fallsBackToTheWorkingDirectory() throws IOException {
        Path workingDir = root.resolve("checkout");
        Path app = touch(workingDir.resolve("streams-app/target/streams-app.jar"));
        Path trainer = touch(workingDir.resolve("trainer/target/trainer.jar"));

        DemoJars jars = DemoJars.locate(null, null, null, workingDir);

        assertThat(jars.streamsApp()).isEqualTo(app.toAbsolutePath());
        assertThat(jars.trainer()).isEqualTo(trainer.toAbsolutePath());
    }

    @Test
    void explicitJarsWin() throws IOException {
        touch(root.resolve("streams-app/target/streams-app.jar"));
        touch(root.resolve("trainer/target/trainer.jar"));
        Path app = touch(root.resolve("mine/app.jar"));
        Path trainer = touch(root.resolve("mine/trainer.jar"));

        DemoJars jars = DemoJars.locate(app, trainer, root, root);

        assertThat(jars.streamsApp()).isEqualTo(app.toAbsolutePath());
        assertThat(jars.trainer()).isEqualTo(trainer.toAbsolutePath());
    }

    @Test
    void missingJarsGiveOneMessageThatSaysHowToBuildThem() {
        assertThatThrownBy(() -> DemoJars.locate(null, null, root, root))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining("the streams-app jar is missing")
                .hasMessageContaining("the trainer jar is missing")
                .hasMessageContaining(root.resolve("streams-app/target/streams-app.jar").toString())
                .hasMessageContaining("run mvn -B package -DskipTests first");
    }

    @Test
    void aMissingExplicitJarIsNamedWithItsOption() throws IOException {
        touch(root.resolve("trainer/target/trainer.jar"));

        assertThatThrownBy(() -> DemoJars.locate(root.resolve("nope.jar"), null, root, root))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining("--app-jar does not exist: " + root.resolve("nope.jar"))
                .hasMessageNotContaining("the trainer jar");
    }

    @Test
    void theProjectRootOfTheseTestsIsTheSourceTree() {
        Path projectRoot = DemoJars.projectRootOfRunningCode();

        assertThat(projectRoot).isNotNull();
        assertThat(projectRoot.resolve("ops").resolve("pom.xml")).exists();
    }
}
