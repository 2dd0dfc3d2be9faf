package org.rfmstream.ops.demo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rfmstream.ops.OpsException;

/**
 * A program the demo runs in its own JVM, its output (stdout and stderr) appended to a log file. Stopping asks
 * politely first (SIGTERM, so the program's shutdown hook closes Kafka Streams cleanly) and forces it after a grace
 * period.
 */
final class ChildProcess {

    /**
     * Kafka's launcher variables are meant for a Kafka server process; every other {@code KAFKA_*} variable would
     * point a child's Kafka clients at another cluster or another security setting than the demo's broker.
     */
    private static final Set<String> KAFKA_LAUNCHER_VARIABLES = Set.of("KAFKA_HEAP_OPTS", "KAFKA_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_JMX_OPTS", "KAFKA_DEBUG",
            "KAFKA_HOME", "KAFKA_VERSION");

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** {@code java --enable-native-access=ALL-UNNAMED -jar JAR ARGS}, with the JVM that runs this code. */
    static List<String> javaCommand(Path jar, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            // Kafka's clients still use sun.misc.Unsafe; JDK 24+ warns about it on every start
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * The environment of a child: this process's own, without the Kafka client settings ({@code KAFKA_*} but the
     * launcher variables), plus {@code settings}.
     */
    static void applyEnvironment(Map<String, String> environment, Map<String, String> settings) {
        environment.keySet().removeIf(name -> name.startsWith("KAFKA_") && !KAFKA_LAUNCHER_VARIABLES.contains(name));
        environment.putAll(settings);
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log,
                              Path workingDir) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, System.lineSeparator() + "=== " + Instant.now() + " " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            applyEnvironment(builder.environment(), environment);
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new OpsException("cannot start the " + name + " (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
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

    boolean isAlive() {
        return process.isAlive();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The exit status if the process ended within {@code timeout}. */
    OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    /**
     * SIGTERM, then SIGKILL if it has not ended within {@code grace}.
     *
     * @return true if it ended by itself within the grace period
     */
    boolean stop(Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The last {@code count} lines of the log. */
    List<String> tail(int count) {
        return tail(log, count);
    }

    static List<String> tail(Path file, int count) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long from = Math.max(0, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(bytes);
            List<String> lines = new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("\\R")));
            if (from > 0 && !lines.isEmpty()) {
                lines.remove(0); // probably cut in the middle
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }
}
