package org.rfmstream.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rfmstream.schemas.config.Settings;

class DockerfileTest {

    /** The README's build command; the image must be built exactly the same way. */
    static final String README_BUILD = "mvn -B package -DskipTests";

    /** README "Commands": the runnable jar of each program, by module. */
    static final Map<String, String> DESIGN_JARS = Map.of(
            "ops", "ops/target/ops.jar",
            "streams-app", "streams-app/target/streams-app.jar",
            "trainer", "trainer/target/trainer.jar");

    private final Dockerfile dockerfile = Dockerfile.load();

    @Test
    void theBuildStageRunsTheReadmeBuildOnMavenWithJdk21() {
        Dockerfile.Stage build = dockerfile.stage("build");

        assertThat(build.base()).isEqualTo("maven:3.9-eclipse-temurin-21");
        assertThat(build.all("RUN")).extracting(run -> withoutRunOptions(run.arguments()))
                .containsExactly(README_BUILD);
    }

    @Test
    void bothLaunchersBuildWithTheSameMavenCommand() {
        // bin/demo (the README's first command) builds quietly; otherwise it is the same build.
        Matcher demoBuild = Pattern.compile("(?m)^\\s*(mvn [^\\n]*package[^\\n]*)$").matcher(Repository.read("bin/demo"));
        assertThat(demoBuild.find()).as("bin/demo runs a Maven package").isTrue();
        assertThat(demoBuild.group(1).replace(" -q", "").strip()).isEqualTo(README_BUILD);
    }

    @Test
    void theReadmeDocumentsTheSameBuild() {
        String readme = Repository.read("README.md");
        List<String> readmeBuilds = Pattern.compile("mvn [^\\n`]*package[^\\n`]*").matcher(readme).results()
                .map(result -> result.group().strip())
                .filter(command -> !command.contains("verify"))
                .toList();
        assumeTrue(!readmeBuilds.isEmpty(), "the README has no build command yet (the lead adds it)");
        assertThat(readmeBuilds).allSatisfy(command -> assertThat(command).isEqualTo(README_BUILD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops", "streams-app", "trainer"})
    void eachProgramImageStartsTheJarDesignNames(String program) {
        String jar = Path.of(DESIGN_JARS.get(program)).getFileName().toString();

        assertThat(dockerfile.stage(program).all("COPY")).extracting(Dockerfile.Instruction::arguments)
                .containsExactly("--from=build /src/" + DESIGN_JARS.get(program) + " /app/" + jar);
        assertThat(dockerfile.entrypoint(program))
                .containsExactly("java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/" + jar);
        assertThat(dockerfile.baseImage(program)).isEqualTo("eclipse-temurin:21-jre");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops", "streams-app", "trainer"})
    void theMavenBuildProducesTheJarDesignNames(String module) {
        String pom = Repository.read(module + "/pom.xml");
        String artifactId = firstGroup("(?s)</parent>.*?<artifactId>([^<]+)</artifactId>", pom);
        String finalName = firstGroup("<finalName>([^<]+)</finalName>", pom).replace("${project.artifactId}", artifactId);

        assertThat(module + "/target/" + finalName + ".jar").isEqualTo(DESIGN_JARS.get(module));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops", "streams-app", "trainer"})
    void programsRunAsANonRootUser(String program) {
        String user = dockerfile.effective(program, "USER").orElseThrow().arguments();

        assertThat(user.split(":")[0]).isNotIn("root", "0");
    }

    @Test
    void theAppImageChecksHealthOnTheDefaultHttpPort() {
        String healthCheck = dockerfile.effective("streams-app", "HEALTHCHECK").orElseThrow().arguments();

        assertThat(healthCheck).contains("/health")
                .contains("${" + Settings.HTTP_PORT + ":-" + Settings.DEFAULT_HTTP_PORT + "}");
        assertThat(dockerfile.effective("streams-app", "EXPOSE").orElseThrow().arguments())
                .isEqualTo(String.valueOf(Settings.DEFAULT_HTTP_PORT));
    }

    @Test
    void theTrainerImageChecksHealthOnItsOwnPort() {
        String healthCheck = dockerfile.effective("trainer", "HEALTHCHECK").orElseThrow().arguments();
        String exposed = dockerfile.effective("trainer", "EXPOSE").orElseThrow().arguments();

        assertThat(healthCheck).contains("/health").contains("${" + ProgramSettings.TRAINER_HTTP_PORT + ":-" + exposed + "}");
        assertThat(exposed).isEqualTo(String.valueOf(ProgramSettings.TRAINER_DEFAULT_HTTP_PORT));
    }

    @Test
    void theImagesSetOnlyVariablesTheProgramsRead() {
        for (String program : DESIGN_JARS.keySet()) {
            assertThat(dockerfile.environment(program).keySet()).as("ENV of %s", program)
                    .allMatch(ProgramSettings::isRead);
        }
    }

    @Test
    void theBuildContextKeepsEverySourceAndPomAndLeavesOutBuildOutput() throws IOException {
        DockerIgnore ignore = DockerIgnore.parse(Repository.read(".dockerignore"));
        List<String> buildInputs = new ArrayList<>(List.of("pom.xml"));
        for (String module : modules()) {
            buildInputs.add(module + "/pom.xml");
            Path src = Repository.path(module + "/src");
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(Files::isRegularFile)
                        .map(file -> Repository.root().relativize(file).toString().replace('\\', '/'))
                        .forEach(buildInputs::add);
            }
        }

        assertThat(buildInputs).hasSizeGreaterThan(modules().size() * 2)
                .noneMatch(ignore::excludes);
        assertThat(modules()).allMatch(module -> ignore.excludes(module + "/target/" + module + ".jar"));
        assertThat(ignore.excludes(".git/config")).isTrue();
    }

    private static List<String> modules() {
        return Pattern.compile("<module>([^<]+)</module>").matcher(Repository.read("pom.xml")).results()
                .map(result -> result.group(1)).toList();
    }

    /** The command of a RUN, without its BuildKit options (--mount=..., --network=...). */
    private static String withoutRunOptions(String arguments) {
        return String.join(" ", Arrays.stream(arguments.split(" ")).dropWhile(word -> word.startsWith("--")).toList());
    }

    private static String firstGroup(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in the pom", regex).isTrue();
        return matcher.group(1);
    }
}
