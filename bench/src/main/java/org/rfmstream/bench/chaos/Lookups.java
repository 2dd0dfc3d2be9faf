package org.rfmstream.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Client threads that look up random existing customers ({@code GET /api/customers/{id}}) on every instance, in
 * turn, at a fixed total rate, and count each answer in a {@link Tally} under the instance asked and the second it
 * came. A customer is "existing" once its profile is committed on {@code customer-profiles}
 * ({@link ProfileTracker}), so a 404 is a wrong answer, not a customer that has not arrived yet.
 */
final class Lookups implements AutoCloseable {

    /** An instance to ask. */
    record Target(String name, int port) {
    }

    private final ProfileTracker customers;
    private final int threads;
    private final double ratePerSecond;
    private final Duration timeout;
    private final Tally tally = new Tally();
    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    Lookups(ProfileTracker customers, int threads, double ratePerSecond, Duration timeout) {
        this.customers = customers;
        this.threads = threads;
        this.ratePerSecond = ratePerSecond;
        this.timeout = timeout;
    }

    /** From now on, {@code target} is asked its share too. */
    void add(Target target) {
        targets.add(target);
    }

    Tally tally() {
        return tally;
    }

    void start() {
        running = true;
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread worker = new Thread(() -> work(index), "chaos-lookups-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    private void work(int index) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        long intervalNanos = (long) (threads * 1e9 / ratePerSecond);
        long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(intervalNanos);
        long round = index;
        while (running) {
            LockSupport.parkNanos(next - System.nanoTime());
            next = Math.max(next + intervalNanos, System.nanoTime());
            String customer = customers.randomKnownCustomer();
            List<Target> now = List.copyOf(targets);
            if (customer == null || now.isEmpty()) {
                continue;
            }
            Target target = now.get((int) (round++ % now.size()));
            Tally.Outcome outcome = ask(http, target, customer);
            tally.count(target.name(), System.currentTimeMillis() / 1000, outcome);
        }
        http.close();
    }

    private Tally.Outcome ask(HttpClient http, Target target, String customer) {
        URI uri = URI.create("http://127.0.0.1:" + target.port() + "/api/customers/"
                + URLEncoder.encode(customer, StandardCharsets.UTF_8));
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            boolean stale = false;
            if (response.statusCode() == 200) {
                JsonNode body = Topics.tree(response.body());
                stale = body.path("stale").asBoolean(false);
            }
            return Tally.Outcome.of(response.statusCode(), stale);
        } catch (IOException e) {
            return Tally.Outcome.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return Tally.Outcome.NO_ANSWER;
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(timeout.toMillis() + 2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
