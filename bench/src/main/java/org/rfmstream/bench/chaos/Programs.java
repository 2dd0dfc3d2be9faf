package org.rfmstream.bench.chaos;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's runnable jars the suite starts as child processes: {@code ops.jar} (broker, topics, generate, replay),
 * {@code streams-app.jar} and {@code trainer.jar}.
 */
record Programs(Path ops, Path streamsApp, Path trainer) {

    static final String BUILD_HINT = "build them first with mvn -B package -DskipTests";

    /** The jars under {@code root} ({@code <root>/ops/target/ops.jar} and so on). */
    static Programs under(Path root) {
        return new Programs(root.resolve("ops/target/ops.jar"), root.resolve("streams-app/target/streams-app.jar"),
                root.resolve("trainer/target/trainer.jar"));
    }

    /**
     * The source tree the running code was built in ({@code <root>/<module>/target/...}), else the working directory.
     */
    static Path defaultRoot() {
        try {
            Path location = Path.of(Programs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = location; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("streams-app"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /** @throws ChaosException naming every jar that is missing */
    Programs requireBuilt() {
        List<String> missing = new ArrayList<>();
        for (Path jar : List.of(ops, streamsApp, trainer)) {
            if (!Files.isRegularFile(jar)) {
                missing.add(jar.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new ChaosException("missing " + String.join(", ", missing) + ": " + BUILD_HINT);
        }
        return new Programs(ops.toAbsolutePath().normalize(), streamsApp.toAbsolutePath().normalize(),
                trainer.toAbsolutePath().normalize());
    }
}
