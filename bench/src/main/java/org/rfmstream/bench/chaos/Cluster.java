package org.rfmstream.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One system under test, all of it child processes in one directory: a broker ({@code ops kafka}) on a free port,
 * the topics, and streams-app instances with their own HTTP ports and state directories, one standby replica.
 */
final class Cluster implements AutoCloseable {

    static final String APPLICATION_ID = "rfm-chaos";

    /** One streams-app instance: its name, HTTP port and state directory stay the same across restarts. */
    final class App {
        private final String name;
        private final int port;
        private final Path stateDir;
        private Child child;
        private int starts;

        private App(String name) {
            this.name = name;
            this.port = freePort();
            this.stateDir = dir.resolve(name + "-state");
        }

        String name() {
            return name;
        }

        int port() {
            return port;
        }

        Child child() {
            return child;
        }

        int starts() {
            return starts;
        }

        void start() {
            Map<String, String> env = new LinkedHashMap<>(appSettings);
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
            env.put("APPLICATION_ID", APPLICATION_ID);
            env.put("HTTP_PORT", Integer.toString(port));
            env.put("APPLICATION_SERVER", "localhost:" + port);
            env.put("STATE_DIR", stateDir.toString());
            env.putIfAbsent("NUM_STANDBY_REPLICAS", "1");
            starts++;
            child = Child.start(name, Child.java(programs.streamsApp(), List.of("-Xmx512m")), env,
                    dir.resolve(name + ".log"), dir);
        }

        /** SIGKILL, returns once the process is gone. */
        void kill() {
            child.kill();
        }

        /** SIGTERM (its shutdown hook closes Kafka Streams), returns once it has ended. */
        boolean terminate() {
            return child.terminate(Duration.ofSeconds(90));
        }

        boolean ready() {
            return status("/ready") == 200;
        }

        boolean answers() {
            return status("/health") > 0;
        }

        /** The status of {@code GET path}, or 0 without an answer. */
        int status(String path) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }

        /** The body of {@code GET path} if it answered 200, else null. */
        String get(String path) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET()
                        .build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? response.body() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private final Programs programs;
    private final Path dir;
    private final int partitions;
    private final Map<String, String> appSettings;
    private final int brokerPort = freePort();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<String, App> apps = new LinkedHashMap<>();
    private final List<Child> others = new ArrayList<>();
    private Child broker;

    /**
     * @param appSettings settings for every streams-app instance (environment variables), over the suite's own
     */
    Cluster(Programs programs, Path dir, int partitions, Map<String, String> appSettings) {
        this.programs = programs;
        this.dir = dir;
        this.partitions = partitions;
        this.appSettings = Map.copyOf(appSettings);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    Path dir() {
        return dir;
    }

    /** Starts the broker (on the same port and data directory every time) and waits until it answers. */
    void startBroker() {
        broker = Child.start("broker", Child.java(programs.ops(), List.of("-Xmx1g"), "kafka", "--port",
                Integer.toString(brokerPort), "--dir", dir.resolve("kafka").toString()), Map.of(),
                dir.resolve("broker.log"), dir);
        await("the broker to answer", Duration.ofMinutes(5), this::brokerAnswers, broker);
    }

    Child broker() {
        return broker;
    }

    private boolean brokerAnswers() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(properties)) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** {@code ops topics --partitions N}. */
    void createTopics() {
        int exit = runToEnd("topics", Duration.ofMinutes(2), "topics", "--partitions", Integer.toString(partitions));
        if (exit != 0) {
            throw new ChaosException("ops topics failed with exit code " + exit + ", see " + dir.resolve("topics.log"));
        }
    }

    /**
     * Runs {@code ops replay FILE --rate R} (0: as fast as it can) to its end on a thread of its own and gives its exit
     * code. On a busy machine its check that Kafka answers, made before anything is sent, can time out; then it is
     * run again, up to three times.
     */
    CompletableFuture<Integer> replay(String name, Path csv, double rate, Duration timeout,
                                      java.util.function.Consumer<String> note) {
        return CompletableFuture.supplyAsync(() -> {
            for (int attempt = 1; ; attempt++) {
                Child replay = startOps(name, "replay", csv.toString(), "--rate", Double.toString(rate));
                Integer exit = replay.awaitExit(timeout);
                if (exit == null) {
                    replay.kill();
                    note.accept(name + " did not finish within " + timeout + ", see " + replay.log());
                    return null;
                }
                if (exit != 0 && attempt < 3 && replay.tail(3).contains("cannot reach Kafka at")) {
                    note.accept(name + " found no Kafka before sending anything; starting it again");
                    continue;
                }
                note.accept(name + " ended with exit code " + exit + (exit == 0 ? "" : ", see " + replay.log()));
                return exit;
            }
        });
    }

    /** Runs {@code trainer.jar --once} to its end and returns its exit code. */
    int train() {
        Child trainer = Child.start("trainer", Child.java(programs.trainer(), List.of("-Xmx1g"), "--once"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers()), dir.resolve("trainer.log"), dir);
        others.add(trainer);
        Integer exit = trainer.awaitExit(Duration.ofMinutes(5));
        if (exit == null) {
            trainer.kill();
            throw new ChaosException("the trainer did not finish within 5 minutes, see " + trainer.log());
        }
        return exit;
    }

    int runToEnd(String name, Duration timeout, String... args) {
        Child child = startOps(name, args);
        Integer exit = child.awaitExit(timeout);
        if (exit == null) {
            child.kill();
            throw new ChaosException("ops " + String.join(" ", args) + " did not finish within " + timeout);
        }
        return exit;
    }

    private Child startOps(String name, String... args) {
        Child child = Child.start(name, Child.java(programs.ops(), List.of("-Xmx512m"), args),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers()), dir.resolve(name + ".log"), dir);
        others.add(child);
        return child;
    }

    /** A new instance (not started yet) with its own port and state directory. */
    App app(String name) {
        App app = new App(name);
        apps.put(name, app);
        return app;
    }

    List<App> apps() {
        return List.copyOf(apps.values());
    }

    /** Waits until {@code condition} holds, failing with the child's last log lines if it dies or time runs out. */
    static void await(String what, Duration timeout, BooleanSupplier condition, Child child) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (child != null && !child.isAlive()) {
                throw new ChaosException(child.name() + " ended while waiting for " + what + "; its log ends with:\n"
                        + child.tail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new ChaosException("timed out after " + timeout + " waiting for " + what
                        + (child == null ? "" : "; " + child.name() + "'s log ends with:\n" + child.tail(30)));
            }
            pause(Duration.ofMillis(200));
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChaosException("interrupted");
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the instances (SIGTERM), anything else still running, then the broker. */
    @Override
    public void close() {
        apps.values().parallelStream().filter(app -> app.child != null).forEach(App::terminate);
        others.forEach(child -> child.terminate(Duration.ofSeconds(10)));
        if (broker != null) {
            broker.terminate(Duration.ofSeconds(60));
        }
        http.close();
    }
}
