package org.rfmstream.ops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's programs running as a child process from its packaged jar, with only the environment
 * given (nothing inherited from whoever runs the tests), its output in a log file.
 */
final class ProgramProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ProgramProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param jar relative to the repository root, e.g. {@code streams-app/target/streams-app.jar}
     */
    static ProgramProcess start(String name, String jar, Map<String, String> environment, Path logDir,
                                String... args) {
        Path jarFile = Repository.path(jar);
        if (!Files.isRegularFile(jarFile)) {
            throw new IllegalStateException(jarFile + " is missing: this test runs the packaged " + name + ". Build it"
                    + " first (`mvn -B package -DskipTests -pl " + jar.substring(0, jar.indexOf('/'))
                    + " -am`), or run the whole reactor (`mvn -B verify`), which packages it before ops' tests.");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "--enable-native-access=ALL-UNNAMED", "-jar", jarFile.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Path log = logDir.resolve(name + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            Files.createDirectories(logDir);
            return new ProgramProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines the program wrote, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return name + " (" + (process.isAlive() ? "running" : "exited " + process.exitValue()) + "), last lines of "
                    + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return name + ": cannot read " + log + ": " + e.getMessage();
        }
    }

    /** Asks the program to stop (its shutdown hook runs), and kills it if it has not within the timeout. */
    @Override
    public void close() {
        stopAll(List.of(this));
    }

    /** Asks every program to stop at once, then waits for each; kills those still running after the timeout. */
    static void stopAll(List<ProgramProcess> programs) {
        programs.forEach(program -> program.process.destroy());
        for (ProgramProcess program : programs) {
            try {
                if (!program.process.waitFor(20, TimeUnit.SECONDS)) {
                    program.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                program.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
