package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rfmstream.ops.OpsException;
import org.rfmstream.schemas.Json;

/** A demo running in the test's JVM on free ports, with its output captured, and the API it serves. */
final class DemoRun implements AutoCloseable {

    private final Demo demo;
    private final DemoOptions options;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DemoRun(DemoOptions options) {
        this.options = options;
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        PrintStream both = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
                System.out.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                out.write(bytes, offset, length);
                System.out.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8);
        this.demo = new Demo(options, both, Duration.ZERO, Map.of());
    }

    /**
     * The demo's jars must be built before ops' integration tests run: the reactor orders streams-app and trainer
     * before ops, so {@code mvn verify} from the root has packaged them by then.
     */
    static DemoJars requireJars() {
        Path root = DemoJars.projectRootOfRunningCode();
        try {
            return DemoJars.locate(null, null, root, root == null ? Path.of("").toAbsolutePath() : root);
        } catch (OpsException e) {
            return fail("The demo's integration tests run the real streams-app and trainer jars, which must be "
                    + "packaged first (mvn verify from the project root packages them before ops): " + e.getMessage());
        }
    }

    /** A small demo in {@code dir} on free ports; starts it on a thread of its own. */
    static DemoRun start(Path dir, int customers, double rate, Duration trainEvery) {
        return start(DemoOptions.defaults(dir)
                .withPorts(freePort(), freePort(), freePort())
                .withHistory(customers, 7)
                .withTraffic(rate, trainEvery));
    }

    static DemoRun start(DemoOptions options) {
        DemoRun run = new DemoRun(options);
        Thread thread = new Thread(() -> {
            try {
                run.exit.complete(run.demo.run());
            } catch (Throwable e) {
                run.exit.completeExceptionally(e);
            }
        }, "demo-under-test");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    DemoOptions options() {
        return options;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + options.kafkaPort();
    }

    String baseUrl() {
        return "http://localhost:" + options.httpPort() + "/";
    }

    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    boolean ended() {
        return exit.isDone();
    }

    /** Fails the test at once if the demo has ended by itself (it prints why). */
    void requireRunning() {
        if (exit.isDone()) {
            try {
                fail("the demo ended by itself with status %d:%n%s", exit.getNow(null), output());
            } catch (java.util.concurrent.CompletionException e) {
                throw new AssertionError("the demo failed:\n" + output(), e.getCause());
            }
        }
    }

    /** Stops the demo as Ctrl-C would and returns its exit status. */
    int stop() throws Exception {
        demo.stop();
        return exit.get(2, TimeUnit.MINUTES);
    }

    /** GET on the streams-app's API: the status and the JSON body (null if not JSON). */
    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    Response post(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.toString(body))));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = Json.mapper().readTree(response.body());
            } catch (IOException e) {
                body = null;
            }
            return new Response(response.statusCode(), body);
        } catch (IOException e) {
            return new Response(-1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, null);
        }
    }

    record Response(int status, JsonNode body) {
        boolean ok() {
            return status == 200 && body != null;
        }
    }

    /** The segments of the current model that have customers, from {@code GET /api/segments}; empty if none. */
    java.util.List<JsonNode> segmentsWithCustomers() {
        Response response = get("api/segments");
        java.util.List<JsonNode> segments = new java.util.ArrayList<>();
        if (response.ok() && !response.body().path("modelVersion").isNull()) {
            response.body().path("segments").forEach(segment -> {
                if (segment.path("inModel").asBoolean() && segment.path("customers").asLong() > 0) {
                    segments.add(segment);
                }
            });
        }
        return segments;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            assertThat(stop()).as("exit status of the demo").isZero();
        }
    }
}
