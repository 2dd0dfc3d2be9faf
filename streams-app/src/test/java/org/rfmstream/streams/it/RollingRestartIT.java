package org.rfmstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.StreamsSettings;
import org.rfmstream.streams.it.PurchaseHistory.Customer;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

/**
 * A rolling restart of one of two instances (one standby replica each), as a deploy does it: the instance stops
 * cleanly and comes back with the same address and state directory within the session timeout. Being a static
 * member, it gets its own tasks back without a rebalance; the other instance answers every lookup meanwhile
 * (from its standby copies, saying so), and the restarted one answers as soon as it has its assignment.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RollingRestartIT {

    private static final int PARTITIONS = 4;
    private static final int CUSTOMERS = 120;
    private static final Instant HISTORY_START = Instant.parse("2011-01-01T00:00:00Z");
    private static final SegmentModel MODEL = HandMadeModel.fourSegments(1);
    /** Longer than the restart takes; a test that fails waits this long at worst. */
    private static final Map<String, String> SETTINGS = Map.of(StreamsSettings.NUM_STANDBY_REPLICAS, "1",
            "KAFKA_SESSION_TIMEOUT_MS", "30000", "KAFKA_HEARTBEAT_INTERVAL_MS", "1000");

    private final List<AppInstance> instances = new ArrayList<>();
    private final ApiClient api = new ApiClient();

    @AfterEach
    void stopAll() {
        instances.forEach(AppInstance::close);
        System.out.println("RollingRestartIT answers by status: " + api.statuses());
    }

    @Test
    void aRestartedInstanceGetsItsTasksBackWithoutARebalanceAndLookupsKeepBeingAnswered(KafkaBroker broker,
                                                                                        @TempDir Path dirs)
            throws Exception {
        TopicNames topics = AppInstance.createTopics(broker, PARTITIONS);
        HandMadeModel.publish(broker, topics.segmentModels(), MODEL);
        String applicationId = broker.unique("rolling-restart-it");
        AppInstance survivor = AppInstance.start(broker, topics, applicationId, dirs.resolve("a"), SETTINGS);
        instances.add(survivor);
        AppInstance restarted = AppInstance.start(broker, topics, applicationId, dirs.resolve("b"), SETTINGS);
        instances.add(restarted);
        PurchaseHistory history = PurchaseHistory.generate("cust-", CUSTOMERS, HISTORY_START, 300, PARTITIONS, 11);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(survivor.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(restarted.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(survivor.activeTasks()).isNotEmpty();
            assertThat(restarted.activeTasks()).isNotEmpty();
        });
        history.produce(broker, topics.transactions());
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class).untilAsserted(() -> {
            for (Customer customer : history.customers()) {
                JsonNode profile = api.getOk(survivor, "/api/customers/" + customer.id());
                assertThat(profile.get("frequency").asLong()).isEqualTo(customer.frequency());
                assertThat(profile.get("stale").asBoolean()).isFalse();
            }
        });
        // the standbys have caught up too, so that a stale answer is also a complete one
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(api.getOk(survivor, "/api/segments").get("missingPartitions")).isEmpty());

        Set<String> tasksBefore = restarted.activeTasks();
        double rebalancesBefore = survivor.rebalances();
        int port = restarted.port();
        restarted.close();
        instances.remove(restarted);

        // While it is gone, the survivor answers every customer: its own from its active copies, the others from
        // its standby copies, marked stale.
        List<String> wrong = new ArrayList<>();
        int stale = 0;
        for (Customer customer : history.customers()) {
            HttpResponse<String> response = api.get(survivor, "/api/customers/" + customer.id());
            if (response.statusCode() != 200) {
                wrong.add(customer.id() + ": " + response.statusCode() + " " + response.body());
                continue;
            }
            JsonNode answer = ApiClient.json(response);
            assertThat(answer.get("monetary").decimalValue()).isEqualByComparingTo(customer.monetary());
            if (answer.get("stale").asBoolean()) {
                stale++;
                assertThat(answer.get("lag").asLong()).isNotNegative();
            }
        }
        assertThat(wrong).as("lookups on the survivor while the other instance is down").isEmpty();
        assertThat(stale).as("answers from standby copies").isPositive();
        // Segment totals live with the active tasks only: the absent instance's partitions are named missing.
        JsonNode segments = api.getOk(survivor, "/api/segments");
        List<Integer> missing = new ArrayList<>();
        segments.get("missingPartitions").forEach(partition -> missing.add(partition.asInt()));
        assertThat(missing).containsExactlyInAnyOrderElementsOf(tasksBefore.stream()
                .map(task -> Integer.parseInt(task.substring(task.indexOf('_') + 1))).distinct().toList());
        assertThat(segments.get("totalCustomers").asLong()).isEqualTo(history.customers().stream()
                .filter(customer -> !missing.contains(customer.partition())).count());

        AppInstance back = AppInstance.start(broker, topics, applicationId, dirs.resolve("b"), SETTINGS, port);
        instances.add(back);
        // From the moment its port is open it answers every lookup, forwarding when it has no caught-up copy:
        // never an error, at worst a 503 with Retry-After before it has its assignment.
        List<Integer> statuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            boolean allAnswered = true;
            for (Customer customer : history.customers()) {
                HttpResponse<String> response;
                try {
                    response = api.get(back, "/api/customers/" + customer.id());
                } catch (UncheckedIOException portNotOpenYet) {
                    allAnswered = false;
                    break;
                }
                statuses.add(response.statusCode());
                if (response.statusCode() == 503) {
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                    allAnswered = false;
                } else {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                }
            }
            assertThat(allAnswered).isTrue();
            assertThat(back.state()).isEqualTo(KafkaStreams.State.RUNNING);
        });
        assertThat(statuses).as("answers of the restarted instance").isSubsetOf(200, 503).contains(200);
        assertThat(back.activeTasks()).as("tasks of the restarted instance").isEqualTo(tasksBefore);
        assertThat(survivor.rebalances()).as("rebalances the survivor took part in").isEqualTo(rebalancesBefore);
        assertThat(survivor.state()).isEqualTo(KafkaStreams.State.RUNNING);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(api.getOk(back, "/api/segments").get("totalCustomers").asLong()).isEqualTo(CUSTOMERS));
    }
}
