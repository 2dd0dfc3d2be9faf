package org.rfmstream.ops.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rfmstream.ops.OpsException;

/**
 * The two programs the demo runs as child processes. The trainer is GPL (it bundles Smile), so it stays a separate
 * program that ops only starts, never links.
 *
 * @param streamsApp the streams-app's runnable jar
 * @param trainer    the trainer's runnable jar
 */
public record DemoJars(Path streamsApp, Path trainer) {

    static final Path STREAMS_APP_JAR = Path.of("streams-app", "target", "streams-app.jar");
    static final Path TRAINER_JAR = Path.of("trainer", "target", "trainer.jar");
    static final String BUILD_HINT = "run mvn -B package -DskipTests first (or give --app-jar / --trainer-jar)";

    /**
     * Finds the jars: an explicit path wins; otherwise they are looked for in the source tree the ops jar was built in
     * ({@code <root>/ops/target/ops.jar} next to {@code <root>/streams-app/target/streams-app.jar}), then under the
     * working directory.
     *
     * @param projectRoot the source tree the running ops code comes from, or null if unknown
     * @throws OpsException naming every jar that is missing and how to build it
     */
    public static DemoJars locate(Path appJar, Path trainerJar, Path projectRoot, Path workingDir) {
        List<String> missing = new ArrayList<>();
        Path app = find("streams-app", appJar, "--app-jar", STREAMS_APP_JAR, projectRoot, workingDir, missing);
        Path trainer = find("trainer", trainerJar, "--trainer-jar", TRAINER_JAR, projectRoot, workingDir, missing);
        if (!missing.isEmpty()) {
            throw new OpsException(String.join("; ", missing) + ": " + BUILD_HINT);
        }
        return new DemoJars(app, trainer);
    }

    private static Path find(String program, Path explicit, String option, Path relative, Path projectRoot,
                             Path workingDir, List<String> missing) {
        if (explicit != null) {
            if (Files.isRegularFile(explicit)) {
                return explicit.toAbsolutePath().normalize();
            }
            missing.add("the " + program + " jar given with " + option + " does not exist: " + explicit);
            return null;
        }
        Set<Path> candidates = new LinkedHashSet<>();
        if (projectRoot != null) {
            candidates.add(projectRoot.resolve(relative).toAbsolutePath().normalize());
        }
        candidates.add(workingDir.resolve(relative).toAbsolutePath().normalize());
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        missing.add("the " + program + " jar is missing (looked for "
                + String.join(" and ", candidates.stream().map(Path::toString).toList()) + ")");
        return null;
    }

    /**
     * The source tree this code runs from: {@code <root>/ops/target/ops.jar} and {@code <root>/ops/target/classes}
     * both give {@code <root>}. Null when the code comes from elsewhere.
     */
    public static Path projectRootOfRunningCode() {
        try {
            Path location = Path.of(DemoJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = location.getParent();
            if (target == null || !target.getFileName().toString().equals("target")) {
                return null;
            }
            Path module = target.getParent();
            return module == null ? null : module.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
