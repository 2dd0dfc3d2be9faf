package org.rfmstream.ops.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.rfmstream.ops.OpsException;

/**
 * The demo's record of the programs it started, in {@value #FILE} in its data directory: one line per running child
 * with its name, pid and start instant. A demo that ends normally stops its children and empties the file; one that
 * was killed (SIGKILL, a crash, a closed terminal that took only the parent) leaves the file behind, and the next
 * run stops the processes it lists before it needs their ports. A pid is only trusted with its start instant, so a
 * recycled pid that now belongs to another program is never touched.
 */
final class DemoChildren {

    static final String FILE = "children.pids";
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    /** One started program: what the next run needs to recognise it. */
    record Child(String name, long pid, Instant started) {
        String line() {
            return name + " " + pid + " " + started;
        }

        static Optional<Child> parse(String line) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Child(parts[0], Long.parseLong(parts[1]), Instant.parse(parts[2])));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        /** The live process this line describes: same pid and same start instant. */
        Optional<ProcessHandle> process() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().startInstant().map(started::equals).orElse(false));
        }
    }

    private final Path file;
    private final Map<Long, Child> running = new LinkedHashMap<>();

    private DemoChildren(Path file) {
        this.file = file;
    }

    /**
     * Stops whatever an earlier run in {@code dir} left running (SIGTERM, then SIGKILL after a grace period) and
     * returns an empty record for this run.
     */
    static DemoChildren takeOver(Path dir, Consumer<String> say) {
        DemoChildren children = new DemoChildren(dir.resolve(FILE));
        for (Child child : children.read()) {
            child.process().ifPresent(process -> {
                say.accept("Stopping the " + child.name() + " (pid " + child.pid() + ") that an earlier demo run in "
                        + dir + " left running.");
                stop(process);
            });
        }
        children.write();
        return children;
    }

    /** Records a program this run started, until it ends. */
    void track(ChildProcess child) {
        started(child.name(), child.pid());
        child.onExit().thenRun(() -> ended(child.pid()));
    }

    /** Records a program this run started. */
    synchronized void started(String name, long pid) {
        Instant started = ProcessHandle.of(pid).flatMap(handle -> handle.info().startInstant()).orElse(null);
        if (started == null) {
            return; // already gone, or the platform does not say when it started: nothing a next run could check
        }
        running.put(pid, new Child(name, pid, started));
        write();
    }

    /** Forgets a program this run stopped (or saw end). */
    synchronized void ended(long pid) {
        if (running.remove(pid) != null) {
            write();
        }
    }

    private List<Child> read() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<Child> children = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Child.parse(line).ifPresent(children::add);
            }
            return children;
        } catch (IOException e) {
            throw new OpsException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the file in one step, so a run killed while writing leaves the old or the new list, never half; with
     * nothing running there is no file.
     */
    private void write() {
        StringBuilder text = new StringBuilder();
        running.values().forEach(child -> text.append(child.line()).append('\n'));
        try {
            if (running.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(FILE + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OpsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return;
        }
        try {
            process.onExit().get(KILL_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new OpsException("the process " + process.pid() + " left by an earlier demo run does not end");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
