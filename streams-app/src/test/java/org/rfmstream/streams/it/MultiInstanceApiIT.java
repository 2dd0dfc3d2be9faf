package org.rfmstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.Rfm;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.StreamsSettings;
import org.rfmstream.streams.it.PurchaseHistory.Customer;
import org.rfmstream.streams.query.QueryService;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

/**
 * Three complete instances of the application (the real topology, one application id, own state dirs and
 * ports, one standby replica) over one input of six partitions, asked over HTTP like one service: every
 * customer through every instance, the segment statistics, a segment's customers page by page; then one
 * instance stops and the two others keep answering. Not one answer in the whole test is a 500.
 */
@ExtendWith(KafkaBrokerExtension.class)
class MultiInstanceApiIT {

    private static final int PARTITIONS = 6;
    private static final int CUSTOMERS = 240;
    private static final Instant HISTORY_START = Instant.parse("2011-01-01T00:00:00Z");
    private static final int HISTORY_DAYS = 365;
    /** Recency of the answers compared across instances is evaluated here, a day after the history. */
    private static final Instant AS_OF = HISTORY_START.plus(Duration.ofDays(HISTORY_DAYS + 1));
    /** RFM score edges for the generated history (the trainer would take its customers' quintiles). */
    private static final RfmScoring.Edges EDGES = new RfmScoring.Edges(List.of(20L, 60L, 120L, 240L),
            List.of(1L, 2L, 3L, 5L), List.of(new BigDecimal("50.00"), new BigDecimal("150.00"),
                    new BigDecimal("400.00"), new BigDecimal("1000.00")));
    private static final SegmentModel MODEL = HandMadeModel.fourSegments(3).withRfm(EDGES);
    private static final SegmentScorer SCORER = SegmentScorer.of(MODEL);
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final List<AppInstance> instances = new ArrayList<>();
    private final ApiClient api = new ApiClient();

    @AfterEach
    void stopAll() {
        instances.forEach(AppInstance::close);
        System.out.println("MultiInstanceApiIT answers by status: " + api.statuses());
    }

    @Test
    void threeInstancesAnswerAsOneServiceAndKeepAnsweringWhenOneStops(KafkaBroker broker, @TempDir Path stateDirs)
            throws Exception {
        TopicNames topics = AppInstance.createTopics(broker, PARTITIONS);
        HandMadeModel.publish(broker, topics.segmentModels(), MODEL);
        String applicationId = broker.unique("multi-instance-it");
        for (int i = 0; i < 3; i++) {
            instances.add(AppInstance.start(broker, topics, applicationId, stateDirs.resolve("instance-" + i),
                    Map.of(StreamsSettings.NUM_STANDBY_REPLICAS, "1")));
        }
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (AppInstance instance : instances) {
                assertThat(instance.state()).as("state of %s", instance).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(api.get(instance, "/ready").statusCode()).as("/ready of %s", instance).isEqualTo(200);
                assertThat(api.getOk(instance, "/api/model").get("version").asLong()).isEqualTo(MODEL.version());
            }
        });

        PurchaseHistory history = PurchaseHistory.generate("cust-", CUSTOMERS, HISTORY_START, HISTORY_DAYS,
                PARTITIONS, 7);
        history.produce(broker, topics.transactions());

        // Everything processed: each profile holds the batch figures, and the segment it was assigned is the
        // nearest one at its task's stream time (reviews of inactive customers included).
        Map<String, JsonNode> profiles = new TreeMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            int asked = 0;
            for (Customer customer : history.customers()) {
                JsonNode profile = api.getOk(instances.get(asked++ % 3), "/api/customers/" + customer.id());
                assertThat(profile.get("frequency").asLong()).as("frequency of %s", customer.id())
                        .isEqualTo(customer.frequency());
                assertThat(profile.get("monetary").decimalValue()).as("monetary of %s", customer.id())
                        .isEqualByComparingTo(customer.monetary());
                assertThat(Instant.parse(profile.get("lastPurchase").asText())).isEqualTo(customer.lastPurchase());
                assertThat(profile.get("assignedSegment").asText()).as("assigned segment of %s", customer.id())
                        .isEqualTo(history.segmentAtStreamTime(customer, SCORER).id());
                profiles.put(customer.id(), profile);
            }
        });
        Map<String, List<Customer>> membersBySegment = new HashMap<>();
        for (Customer customer : history.customers()) {
            membersBySegment.computeIfAbsent(profiles.get(customer.id()).get("assignedSegment").asText(),
                    segment -> new ArrayList<>()).add(customer);
        }
        assertThat(membersBySegment).as("the history fills most segments").hasSizeGreaterThanOrEqualTo(3);

        everyCustomerGetsTheSameAnswerThroughEveryInstance(history);
        segmentStatisticsEqualTheSumsOverTheProfiles(instances, history, membersBySegment);
        everySegmentPagesThroughEachCustomerOnceInOrder(membersBySegment);
        theMarketersAnswersCoverEveryCustomerOfEveryInstance(history);

        // One instance stops. Until the group notices (session timeout), its partitions' standbys answer or the
        // answer is a 503 with Retry-After; after the rebalance the two survivors' active copies answer all.
        AppInstance stopped = instances.remove(2);
        stopped.close();
        List<AppInstance> survivors = List.copyOf(instances);
        AtomicInteger staleAnswers = new AtomicInteger();
        List<String> wrongAnswers = Collections.synchronizedList(new ArrayList<>());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            int answeredByActive = 0;
            for (Customer customer : history.customers()) {
                for (AppInstance survivor : survivors) {
                    HttpResponse<String> response = api.get(survivor, "/api/customers/" + customer.id()
                            + "?asOf=" + AS_OF);
                    if (response.statusCode() == 200) {
                        JsonNode answer = ApiClient.json(response);
                        if (answer.get("monetary").decimalValue().compareTo(customer.monetary()) != 0) {
                            wrongAnswers.add(customer.id() + " through " + survivor + ": " + response.body());
                        }
                        if (answer.get("stale").asBoolean()) {
                            staleAnswers.incrementAndGet();
                            if (answer.get("lag").asLong() > QueryService.Options.DEFAULT_STANDBY_MAX_LAG) {
                                wrongAnswers.add("too stale: " + response.body());
                            }
                        } else {
                            answeredByActive++;
                        }
                    } else if (response.statusCode() != 503
                            || response.headers().firstValue("Retry-After").isEmpty()) {
                        wrongAnswers.add(customer.id() + " through " + survivor + ": " + response.statusCode()
                                + " " + response.headers().map() + " " + response.body());
                    }
                }
            }
            assertThat(answeredByActive).as("answers by active owners").isEqualTo(CUSTOMERS * survivors.size());
        });
        assertThat(wrongAnswers).as("answers while an instance was gone").isEmpty();
        assertThat(staleAnswers.get()).as("answers from standbys while the owner was gone").isPositive();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                segmentStatisticsEqualTheSumsOverTheProfiles(survivors, history, membersBySegment));

        Map<Integer, Integer> statuses = api.statuses();
        assertThat(statuses).as("answers by status").containsKey(200).doesNotContainKey(500);
        assertThat(statuses.keySet()).as("answers by status: %s", statuses)
                .allSatisfy(status -> assertThat(status).isIn(200, 404, 503));
    }

    /**
     * Each customer through each instance: the same answer (apart from who served it), from the one owner of
     * the customer's partition, which is the asking instance for one of the three and forwarded for the others.
     */
    private void everyCustomerGetsTheSameAnswerThroughEveryInstance(PurchaseHistory history) {
        int local = 0;
        int forwarded = 0;
        Set<String> owners = new HashSet<>();
        for (Customer customer : history.customers()) {
            List<JsonNode> answers = new ArrayList<>();
            Set<String> servedBy = new HashSet<>();
            for (AppInstance instance : instances) {
                ObjectNode answer = (ObjectNode) api.getOk(instance, "/api/customers/" + customer.id()
                        + "?asOf=" + AS_OF);
                String server = answer.remove("servedBy").asText();
                servedBy.add(server);
                if (server.equals(instance.host())) {
                    local++;
                } else {
                    forwarded++;
                }
                answers.add(answer);
            }
            assertThat(answers).as("answers about %s through the three instances", customer.id())
                    .containsOnly(answers.getFirst());
            assertThat(servedBy).as("instances that answered about %s", customer.id()).hasSize(1);
            owners.addAll(servedBy);

            JsonNode answer = answers.getFirst();
            Rfm rfm = customer.rfm(AS_OF);
            assertThat(answer.get("asOf").asText()).isEqualTo(AS_OF.toString());
            assertThat(answer.get("recencyDays").asLong()).isEqualTo(rfm.recencyDays());
            assertThat(answer.get("frequency").asLong()).isEqualTo(customer.frequency());
            assertThat(answer.get("monetary").decimalValue()).isEqualByComparingTo(customer.monetary());
            assertThat(answer.get("segment").asText()).as("segment of %s at %s", customer.id(), AS_OF)
                    .isEqualTo(SCORER.nearest(rfm).id());
            assertThat(answer.get("modelVersion").asLong()).isEqualTo(MODEL.version());
            assertThat(answer.get("distances").size()).isEqualTo(MODEL.segments().size());
            assertThat(answer.get("stale").asBoolean()).isFalse();
        }
        assertThat(owners).as("instances owning customers").hasSize(3);
        assertThat(local).as("answers from the asking instance").isEqualTo(CUSTOMERS);
        assertThat(forwarded).as("answers forwarded to the owner").isEqualTo(2 * CUSTOMERS);
    }

    /**
     * {@code /api/rfm-groups}, {@code /api/concentration} and {@code /api/customers.csv} through each instance: every
     * customer of every instance, in the group of their own scores (within the answer's stated uncertainty).
     */
    private void theMarketersAnswersCoverEveryCustomerOfEveryInstance(PurchaseHistory history) {
        Map<String, Long> expected = new HashMap<>();
        BigDecimal revenue = BigDecimal.ZERO;
        for (Customer c : history.customers()) {
            long recency = Rfm.recencyDays(c.lastPurchase(), AS_OF);
            expected.merge(RfmScoring.score(EDGES, recency, c.frequency(), Money.toCents(c.monetary())).group(), 1L,
                    Long::sum);
            revenue = revenue.add(c.monetary());
        }
        List<String> ids = history.customers().stream().map(Customer::id).sorted().toList();
        for (AppInstance instance : instances) {
            JsonNode groups = api.getOk(instance, "/api/rfm-groups?asOf=" + AS_OF);
            assertThat(groups.get("instances").asInt()).isEqualTo(instances.size());
            assertThat(groups.get("totalCustomers").asLong()).isEqualTo(CUSTOMERS);
            assertThat(groups.get("modelVersion").asLong()).isEqualTo(MODEL.version());
            long uncertain = groups.get("uncertainRecency").asLong();
            for (JsonNode group : groups.get("groups")) {
                assertThat(group.get("customers").asLong()).as("customers of group %s", group.get("id").asText())
                        .isCloseTo(expected.getOrDefault(group.get("id").asText(), 0L),
                                org.assertj.core.data.Offset.offset(uncertain));
            }
            JsonNode concentration = api.getOk(instance, "/api/concentration");
            assertThat(concentration.get("customers").asLong()).isEqualTo(CUSTOMERS);
            assertThat(concentration.get("revenue").decimalValue()).isEqualByComparingTo(revenue);
            HttpResponse<String> csv = api.get(instance, "/api/customers.csv?asOf=" + AS_OF);
            assertThat(csv.statusCode()).isEqualTo(200);
            List<String> lines = csv.body().lines().toList();
            assertThat(lines.subList(1, lines.size()).stream().map(line -> line.substring(0, line.indexOf(',')))
                    .toList()).as("the CSV through %s", instance).isEqualTo(ids);
        }
    }

    /** {@code /api/segments} through each instance equals the sums over the customers' profiles. */
    private void segmentStatisticsEqualTheSumsOverTheProfiles(List<AppInstance> asked, PurchaseHistory history,
                                                              Map<String, List<Customer>> membersBySegment) {
        BigDecimal totalRevenue = history.customers().stream().map(Customer::monetary)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        for (AppInstance instance : asked) {
            JsonNode statistics = api.getOk(instance, "/api/segments?asOf=" + AS_OF);
            assertThat(statistics.get("modelVersion").asLong()).isEqualTo(MODEL.version());
            assertThat(statistics.get("instances").asInt()).isEqualTo(asked.size());
            assertThat(statistics.get("totalCustomers").asLong()).isEqualTo(CUSTOMERS);
            assertThat(statistics.get("totalRevenue").decimalValue()).isEqualByComparingTo(totalRevenue);
            List<String> ids = new ArrayList<>();
            for (JsonNode segment : statistics.get("segments")) {
                String id = segment.get("id").asText();
                ids.add(id);
                List<Customer> members = membersBySegment.getOrDefault(id, List.of());
                BigDecimal revenue = members.stream().map(Customer::monetary).reduce(BigDecimal.ZERO,
                        BigDecimal::add);
                assertThat(segment.get("customers").asLong()).as("customers of %s", id).isEqualTo(members.size());
                assertThat(segment.get("revenue").decimalValue()).as("revenue of %s", id)
                        .isEqualByComparingTo(revenue);
                assertThat(segment.get("revenueShare").asDouble()).as("revenue share of %s", id)
                        .isCloseTo(revenue.doubleValue() / totalRevenue.doubleValue(), within(1e-9));
                assertThat(segment.get("customerShare").asDouble()).as("customer share of %s", id)
                        .isCloseTo((double) members.size() / CUSTOMERS, within(1e-9));
                if (!members.isEmpty()) {
                    assertThat(segment.get("meanFrequency").asDouble()).as("mean frequency of %s", id)
                            .isCloseTo(members.stream().mapToLong(Customer::frequency).average().orElseThrow(),
                                    within(1e-9));
                    assertThat(segment.get("meanRecencyDays").asDouble()).as("mean recency of %s", id)
                            .isCloseTo(members.stream().mapToDouble(c -> Duration.between(c.lastPurchase(), AS_OF)
                                    .toSeconds() / 86_400.0).average().orElseThrow(), within(1e-6));
                    assertThat(segment.get("meanMonetary").decimalValue()).as("mean monetary of %s", id)
                            .isEqualByComparingTo(revenue.divide(BigDecimal.valueOf(members.size()), Money.SCALE,
                                    RoundingMode.HALF_UP));
                }
            }
            assertThat(ids).as("segments listed by %s", instance)
                    .containsExactlyElementsOf(MODEL.segments().stream().map(SegmentModel.Segment::id).toList());
        }
    }

    /** {@code /api/segments/{id}/customers}, followed page by page through each instance in turn. */
    private void everySegmentPagesThroughEachCustomerOnceInOrder(Map<String, List<Customer>> membersBySegment) {
        int pages = 0;
        for (SegmentModel.Segment segment : MODEL.segments()) {
            List<String> paged = new ArrayList<>();
            String after = null;
            do {
                String path = "/api/segments/" + segment.id() + "/customers?limit=7"
                        + (after == null ? "" : "&after=" + after);
                JsonNode page = api.getOk(instances.get(pages++ % instances.size()), path);
                assertThat(page.get("customers").size()).isLessThanOrEqualTo(7);
                page.get("customers").forEach(customer -> {
                    assertThat(customer.get("segment").asText()).isEqualTo(segment.id());
                    paged.add(customer.get("customerId").asText());
                });
                after = page.get("next").isNull() ? null : page.get("next").asText();
            } while (after != null);
            assertThat(paged).as("customers of %s, page by page", segment.id())
                    .containsExactlyElementsOf(membersBySegment.getOrDefault(segment.id(), List.of()).stream()
                            .map(Customer::id)
                            .sorted()
                            .toList());
        }
    }
}
