package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo killed with SIGKILL cannot stop its children; the next run must. With real processes: a parent JVM that
 * starts a child JVM holding a port the way the demo starts the streams-app (through {@link ChildProcess} and
 * {@link DemoChildren}), the parent killed with SIGKILL, then the next run's take-over.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class DemoChildrenTest {

    @TempDir
    Path dir;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    /** Stands for the demo: records and starts one child holding {@code port}, prints its pid, then waits. */
    public static final class Parent {
        public static void main(String[] args) throws InterruptedException {
            Path dir = Path.of(args[0]);
            DemoChildren children = DemoChildren.takeOver(dir, System.out::println);
            ChildProcess child = ChildProcess.start("port-holder", javaCommand(PortHolder.class, args[1]), Map.of(),
                    dir.resolve("logs/port-holder.log"), dir);
            children.track(child);
            System.out.println("child " + child.pid());
            System.out.flush();
            Thread.currentThread().join();
        }
    }

    /** Stands for the streams-app: holds a port until it is stopped. */
    public static final class PortHolder {
        public static void main(String[] args) throws IOException {
            try (ServerSocket socket = new ServerSocket(Integer.parseInt(args[0]))) {
                while (true) {
                    socket.accept().close();
                }
            }
        }
    }

    private static List<String> javaCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theNextRunStopsTheChildrenOfADemoKilledWithSigkill() throws Exception {
        int port = freePort();
        Process parent = new ProcessBuilder(javaCommand(Parent.class, dir.toString(), Integer.toString(port)))
                .redirectErrorStream(true).start();
        started.add(parent.toHandle());
        BufferedReader output = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8));
        long childPid = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    if (line.startsWith("child ")) {
                        return Long.parseLong(line.substring("child ".length()));
                    }
                }
                throw new IllegalStateException("the parent ended without starting its child");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(2, TimeUnit.MINUTES);
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
        started.add(child);
        await().atMost(Duration.ofMinutes(2)).until(() -> listening(port));
        assertThat(Files.readString(dir.resolve(DemoChildren.FILE))).startsWith("port-holder " + childPid + " ");

        parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(parent.waitFor(1, TimeUnit.MINUTES)).isTrue();
        // what the issue saw: the child outlives the demo and keeps the port
        assertThat(child.isAlive()).isTrue();
        assertThat(listening(port)).isTrue();

        List<String> said = new ArrayList<>();
        DemoChildren.takeOver(dir, said::add);

        assertThat(child.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> bindable(port));
        assertThat(said).singleElement().asString().contains("port-holder", "pid " + childPid);
        assertThat(dir.resolve(DemoChildren.FILE)).doesNotExist();
    }

    @Test
    void aRecordedPidNowUsedByAnotherProgramIsLeftAlone() throws IOException {
        long myPid = ProcessHandle.current().pid();
        Files.writeString(dir.resolve(DemoChildren.FILE), "streams-app " + myPid + " " + Instant.parse(
                "2020-01-01T00:00:00Z") + "\n");
        List<String> said = new ArrayList<>();

        DemoChildren.takeOver(dir, said::add);

        assertThat(said).isEmpty();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void aChildIsRecordedWhileItRunsAndForgottenWhenItEnds() throws IOException {
        DemoChildren children = DemoChildren.takeOver(dir, line -> { });
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "600"), Map.of(),
                dir.resolve("sleeper.log"), dir);
        started.add(ProcessHandle.of(child.pid()).orElseThrow());
        children.track(child);
        assertThat(Files.readString(dir.resolve(DemoChildren.FILE))).startsWith("sleeper " + child.pid() + " ");

        child.stop(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(dir.resolve(DemoChildren.FILE)));
    }
}
