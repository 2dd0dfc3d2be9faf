package org.rfmstream.bench.chaos;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One program of the suite in a JVM of its own, its output appended to a log file. The faults are signals sent to
 * that JVM's pid: SIGTERM ({@link #terminate}) lets its shutdown hook close Kafka cleanly, SIGKILL ({@link #kill})
 * does not.
 */
final class Child {

    /** Every child still running: a suite stopped by Ctrl-C or SIGTERM takes them with it. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Child::stopAll, "chaos-children"));
    }

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path log;

    private Child(String name, List<String> command, Process process, Path log) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} with this process's environment minus its Kafka client settings, plus {@code settings}.
     */
    static Child start(String name, List<String> command, Map<String, String> settings, Path log, Path workingDir) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "=== " + Instant.now() + " " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // A KAFKA_* variable of the caller's shell would reach the children's Kafka clients
            builder.environment().keySet().removeIf(variable -> variable.startsWith("KAFKA_")
                    && !variable.equals("KAFKA_HEAP_OPTS") && !variable.equals("KAFKA_OPTS"));
            builder.environment().putAll(settings);
            Process process = builder.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return new Child(name, List.copyOf(command), process, log);
        } catch (IOException e) {
            throw new ChaosException("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(),
                    e);
        }
    }

    private static void stopAll() {
        RUNNING.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (Process process : RUNNING) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /** {@code java -jar JAR ARGS} with the JVM that runs the suite. */
    static List<String> java(Path jar, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return command;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    List<String> command() {
        return command;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. Returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitGone(Duration.ofSeconds(30));
    }

    /**
     * SIGTERM, then SIGKILL if it has not ended within {@code grace}.
     *
     * @return true if it ended by itself within the grace period
     */
    boolean terminate(Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (awaitGone(grace)) {
            return true;
        }
        kill();
        return false;
    }

    /** Waits for the end of the process and returns its exit status, or null if it is still running. */
    Integer awaitExit(Duration timeout) {
        return awaitGone(timeout) ? process.exitValue() : null;
    }

    private boolean awaitGone(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The whole log, for the few lines the suite reads back (the broker's and the programs' start-up lines). */
    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the log, for error messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
