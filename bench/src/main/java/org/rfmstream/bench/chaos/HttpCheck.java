package org.rfmstream.bench.chaos;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A sample of customers asked over HTTP once the system has caught up, without {@code asOf}: the figures must be the
 * batch's, and "now" must be the event clock, so {@code asOf} is not after the history's end and
 * {@code recencyDays} is {@code floor((asOf - lastPurchase) / 1 day)} of the batch's last purchase.
 */
@JsonPropertyOrder({"asked", "answered", "matching", "differing", "asOfAfterHistoryEnd", "unanswered", "examples"})
record HttpCheck(int asked, int answered, int matching, int differing, int asOfAfterHistoryEnd, int unanswered,
                 List<String> examples) {

    static HttpCheck run(List<Cluster.App> apps, Map<String, BatchRfm.Expected> expected, Instant historyEnd,
                         int sample, long seed) {
        List<String> customers = new ArrayList<>(expected.keySet());
        Collections.shuffle(customers, new Random(seed));
        customers = customers.subList(0, Math.min(sample, customers.size()));
        int answered = 0;
        int matching = 0;
        int differing = 0;
        int afterEnd = 0;
        int unanswered = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            String customerId = customers.get(i);
            Cluster.App app = apps.get(i % apps.size());
            String body = ask(app, customerId);
            if (body == null) {
                unanswered++;
                if (examples.size() < 10) {
                    examples.add(app.name() + " gave no 200 for customer " + customerId);
                }
                continue;
            }
            answered++;
            JsonNode view = Topics.tree(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            BatchRfm.Expected customer = expected.get(customerId);
            Topics.Profile profile = Topics.profile(customerId, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Instant asOf = Topics.instant(view, "asOf");
            boolean asOfOk = asOf != null && !asOf.isAfter(historyEnd);
            long recency = view.path("recencyDays").asLong(-1);
            long expectedRecency = customer.lastPurchase() == null || asOf == null ? 0
                    : Math.max(0, Math.floorDiv(Duration.between(customer.lastPurchase(), asOf).toSeconds(), 86_400));
            if (!asOfOk) {
                afterEnd++;
            }
            if (Correctness.matches(customer, profile) && asOfOk && recency == expectedRecency) {
                matching++;
            } else {
                differing++;
                if (examples.size() < 10) {
                    examples.add(app.name() + " on customer " + customerId + ": expected " + customer
                            + " with recencyDays " + expectedRecency + " at asOf " + asOf + " (not after "
                            + historyEnd + "), answered " + body);
                }
            }
        }
        return new HttpCheck(customers.size(), answered, matching, differing, afterEnd, unanswered, examples);
    }

    /** The 200 answer's body, asking again for a while after a 503 or no answer. */
    private static String ask(Cluster.App app, String customerId) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String body = app.get("/api/customers/" + java.net.URLEncoder.encode(customerId,
                    java.nio.charset.StandardCharsets.UTF_8));
            if (body != null) {
                return body;
            }
            Cluster.pause(Duration.ofMillis(500));
        }
        return null;
    }

    boolean allMatch() {
        return matching == asked && Objects.equals(differing, 0);
    }
}
