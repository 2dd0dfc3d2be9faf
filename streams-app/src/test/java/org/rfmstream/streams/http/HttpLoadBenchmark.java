package org.rfmstream.streams.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.query.FakeMetadataSource;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.InMemoryCustomerStore;
import org.rfmstream.streams.query.KeyOwners;
import org.rfmstream.streams.query.QueryService;
import org.rfmstream.streams.query.TestModels;

/**
 * A load of the HTTP API, not a test: N keep-alive connections, each sending the next request as soon as the
 * previous answer arrived (closed loop, for the most requests per second), or, given a rate, at fixed times with
 * latency counted from the time each request was due (so a stall is not hidden by sending less). It starts two instances in this JVM (so client and servers share the
 * cores: the figures are a floor), and measures {@code POST /api/score}, {@code GET /api/customers/{id}}
 * answered locally, and the same answered through the other instance (forwarded).
 *
 * <pre>
 * mvn -o -q -pl streams-app test-compile
 * java -cp "$(cat cp.txt):streams-app/target/classes:streams-app/target/test-classes" \
 *     org.rfmstream.streams.http.HttpLoadBenchmark [connections=8] [seconds=10] [requests-per-second=0 (closed loop)]
 * </pre>
 */
public final class HttpLoadBenchmark {

    private static final String SCORE_BODY = "{\"recency\": 5, \"frequency\": 12, \"monetary\": 400}";

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        rate = args.length > 2 ? Double.parseDouble(args[2]) : 0;

        HttpServer owner = start(true);
        HttpServer front = start(false);
        try {
            String score = "POST /api/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + SCORE_BODY.length() + "\r\n\r\n" + SCORE_BODY;
            String customer = "GET /api/customers/17850 HTTP/1.1\r\nHost: localhost\r\n\r\n";
            run("POST /api/score", owner.port(), score, connections, duration);
            run("GET /api/customers/{id} local", owner.port(), customer, connections, duration);
            run("GET /api/customers/{id} forwarded", front.port(), customer, connections, duration);
            run("POST /api/score (again, warm)", owner.port(), score, connections, duration);
        } finally {
            front.close();
            owner.close();
        }
    }

    private static double rate;

    private static final Host OWNER = new Host("127.0.0.1", 18_081);
    private static final Host FRONT = new Host("127.0.0.1", 18_082);

    private static HttpServer start(boolean isOwner) {
        Host self = isOwner ? OWNER : FRONT;
        FakeMetadataSource metadata = new FakeMetadataSource(self)
                .everyoneOwnedBy(new KeyOwners(OWNER, Set.of(), 0));
        InMemoryCustomerStore store = new InMemoryCustomerStore();
        if (isOwner) {
            store.active(TestModels.profile("17850", "champions", "2011-12-05T10:00:00Z", 34, "5391.21"));
        }
        HttpSettings settings = HttpSettings.from(Settings.of(Map.of(
                Settings.HTTP_PORT, Integer.toString(self.port()),
                Settings.APPLICATION_SERVER, self.toString())));
        var model = Optional.of(TestModels.model(1));
        QueryService queries = new QueryService(metadata, store, () -> model, new HttpPeerClient(settings),
                () -> TestModels.NOW, settings.queryOptions());
        return new HttpServer(settings, queries, MeterRegistries.prometheus()).start();
    }

    private static void run(String name, int port, String request, int connections, Duration duration)
            throws Exception {
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        // warm-up, then the measured run
        load(port, bytes, connections, Duration.ofSeconds(5), new Recorder(3), new AtomicLong());
        Recorder recorder = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        long count = load(port, bytes, connections, duration, recorder, failures);
        double seconds = (System.nanoTime() - started) / 1e9;
        Histogram histogram = recorder.getIntervalHistogram();
        System.out.printf("%-36s %2d conns  %8.0f req/s  p50 %6.3f ms  p99 %6.3f ms  p99.9 %6.3f ms  "
                        + "max %7.3f ms  non-200 %d%n", name, connections, count / seconds,
                histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                histogram.getValueAtPercentile(99.9) / 1e6, histogram.getMaxValue() / 1e6, failures.get());
    }

    private static long load(int port, byte[] request, int connections, Duration duration, Recorder recorder,
                             AtomicLong failures) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong count = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                    long interval = rate > 0 ? (long) (1e9 * connections / rate) : 0;
                    long due = System.nanoTime();
                    while (System.nanoTime() < deadline) {
                        long start;
                        if (interval > 0) {
                            due += interval;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                            start = due;
                        } else {
                            start = System.nanoTime();
                        }
                        out.write(request);
                        out.flush();
                        int status = readResponse(in);
                        recorder.recordValue(System.nanoTime() - start);
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                        count.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return count.get();
    }

    /** Reads one HTTP/1.1 response with a Content-Length or chunked body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            String header = line.substring(0, colon).trim();
            if (header.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(line.substring(colon + 1).trim());
            } else if (header.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = line.toLowerCase().contains("chunked");
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(readLine(in).trim(), 16)) > 0) {
                in.skipNBytes(size);
                readLine(in);
            }
            readLine(in);
        } else if (length > 0) {
            in.skipNBytes(length);
        }
        return status;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
