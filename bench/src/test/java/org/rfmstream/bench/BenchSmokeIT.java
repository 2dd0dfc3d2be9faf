package org.rfmstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.schemas.Json;

/**
 * A tiny run of each benchmark through the bench command, each against the broker it starts itself: the command
 * succeeds and writes well-formed results. Sizes are far too small to mean anything, and nothing here asserts a
 * time.
 */
class BenchSmokeIT {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
    }

    @Test
    void throughput() throws Exception {
        JsonNode result = bench("throughput", "--runs", "1", "--events", "300");

        assertThat(result.at("/parameters/events").asLong()).isGreaterThanOrEqualTo(300);
        assertThat(result.at("/runs/0/topologyEos.cpuMicrosPerEvent").asDouble()).isPositive();
        assertThat(result.at("/parameters/commitIntervalMs").asLong()).isEqualTo(100);
        assertThat(result.at("/median/ratio.topologyEosToPipeEos").asDouble()).isPositive();
        assertThat(result.at("/median/topologyAlos.eventsPerSecond").asDouble()).isPositive();
        assertThat(result.at("/median/naiveAggregateEos.eventsPerSecond").asDouble()).isPositive();
        assertThat(result.at("/targets/0/figure").asText()).isEqualTo("ratio.topologyEosToPipeEos");
    }

    @Test
    void latency() throws Exception {
        JsonNode result = bench("latency", "--runs", "1", "--rates", "100", "--duration", "PT2S", "--warm-up", "PT1S");

        assertThat(result.at("/median/topologyEos.rate100.samples").asDouble()).isPositive();
        assertThat(result.at("/median/pipeEos.rate100.p99Ms").asDouble()).isPositive();
        assertThat(result.at("/median/ratio.p99TopologyToPipe.rate100").asDouble()).isPositive();
    }

    @Test
    void replay() throws Exception {
        JsonNode result = bench("replay", "--runs", "1", "--customers", "100");

        assertThat(result.at("/parameters/csvRows").asLong()).isPositive();
        assertThat(result.at("/median/events").asDouble()).isPositive();
        assertThat(result.at("/median/totalSeconds").asDouble()).isPositive();
    }

    @Test
    void state() throws Exception {
        JsonNode result = bench("state", "--runs", "1", "--state-customers", "300");

        assertThat(result.at("/median/localBytesPerCustomer").asDouble()).isPositive();
        assertThat(result.at("/median/restoredRecords").asDouble()).isPositive();
        assertThat(result.at("/targets/0/figure").asText()).isEqualTo("localBytesPerCustomer");
    }

    @Test
    void review() throws Exception {
        JsonNode result = bench("review", "--runs", "3", "--review-customers", "5000");

        // 1 % of 5,000 customers are due each day, give or take the draw
        assertThat(result.at("/median/dueCustomers").asDouble()).isBetween(20.0, 100.0);
        assertThat(result.at("/median/fullScan.customersRead").asDouble()).isEqualTo(5000.0);
        assertThat(result.at("/median/ratio.tickToFullScan").asDouble()).isPositive();
    }

    @Test
    void http() throws Exception {
        JsonNode result = bench("http", "--runs", "1", "--http-customers", "300", "--http-rate", "50",
                "--http-duration", "PT1S", "--warm-up", "PT1S");

        for (String route : new String[] {"customerLocal", "customerForwarded", "segments", "score"}) {
            assertThat(result.at("/median/" + route + ".fixedRate.p99Ms").asDouble()).as(route).isPositive();
            assertThat(result.at("/median/" + route + ".connections8.requestsPerSecond").asDouble()).as(route)
                    .isPositive();
            assertThat(result.at("/median/" + route + ".fixedRate.errors").asDouble()).as(route).isZero();
        }
    }

    @Test
    void driver() throws Exception {
        JsonNode result = bench("driver", "--runs", "1", "--driver-events", "500");

        assertThat(result.at("/parameters/measuredEvents").asLong()).isEqualTo(500);
        assertThat(result.at("/median/topology.eventsPerSecond").asDouble()).isPositive();
        assertThat(result.at("/median/naiveAggregate.eventsPerSecond").asDouble()).isPositive();
        assertThat(result.at("/median/pipe.eventsPerSecond").asDouble()).isPositive();
    }

    @Test
    void trainer() throws Exception {
        Path jar = Path.of("..", "trainer", "target", "trainer.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "the trainer jar is built (mvn -pl trainer package)");

        JsonNode result = bench("trainer", "--runs", "1", "--trainer-customers", "300", "--trainer-jar", jar.toString());

        assertThat(result.at("/median/n300.trainingSeconds").asDouble()).isPositive();
        assertThat(result.at("/median/n300.silhouetteSample").asDouble()).isPositive();
    }

    /**
     * Runs {@code bench NAME ...} and returns its JSON after checking what every result has. The broker-backed
     * ones run once to keep the build short; the median over several runs is specified by MediansTest and by the
     * review benchmark here.
     */
    private JsonNode bench(String name, String... sizes) throws Exception {
        Path results = dir.resolve("results");
        List<String> args = new ArrayList<>(List.of(name, "--out", results.toString(),
                "--work-dir", dir.resolve("work").toString()));
        args.addAll(List.of(sizes));

        int exit = BenchMain.run(args.toArray(String[]::new));

        assertThat(exit).as("exit status; output:%n%s", out.toString(StandardCharsets.UTF_8)).isZero();
        Path file = results.resolve(name + ".json");
        assertThat(file).isRegularFile();
        JsonNode result = Json.mapper().readTree(file.toFile());
        assertThat(result.at("/benchmark").asText()).isEqualTo(name);
        assertThat(result.at("/machine/cores").asInt()).isPositive();
        assertThat(result.at("/machine/memoryBytes").asLong()).isPositive();
        assertThat(result.at("/machine/jdk").asText()).isNotBlank();
        int runs = Integer.parseInt(sizes[List.of(sizes).indexOf("--runs") + 1]);
        assertThat(result.at("/runs")).hasSize(runs);
        assertThat(result.at("/median").size()).isPositive();
        result.at("/median").fields().forEachRemaining(figure ->
                assertThat(figure.getValue().isNumber()).as(figure.getKey()).isTrue());
        assertThat(dir.resolve("work").resolve(name)).as("scratch space removed").doesNotExist();
        return result;
    }
}
