package org.rfmstream.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.kafka.KafkaStreamsMetadataSource;
import org.rfmstream.streams.kafka.KafkaStreamsProfiles;
import org.rfmstream.streams.kafka.LocalPartitions;
import org.rfmstream.streams.query.Covered;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.LocalCustomerStore;
import org.rfmstream.streams.query.MarketingTotalsReport;
import org.rfmstream.streams.query.QueryService;
import org.rfmstream.streams.query.SpendBuckets;
import org.rfmstream.streams.query.TestModels;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

/**
 * The HTTP layer over real Kafka Streams metadata on a real broker: three instances of one application (own
 * state dirs and ports, one standby replica) over a table of profiles, asked through every instance, then one
 * instance stopped. The profiles come from a plain table, not from the segmentation topology: what is under
 * test is the owner lookup, forwarding, standbys and the cross-instance sums, not the RFM rules.
 */
@ExtendWith(KafkaBrokerExtension.class)
class InteractiveQueriesIT {

    private static final String STORE = "profiles-it";
    private static final int PARTITIONS = 6;
    private static final int CUSTOMERS = 60;
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final List<Instance> instances = new ArrayList<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    @AfterEach
    void stopAll() {
        instances.forEach(Instance::close);
    }

    @Test
    void threeInstancesAnswerAsOneServiceAndKeepAnsweringWhenOneStops(KafkaBroker broker, @TempDir Path stateDirs)
            throws Exception {
        String topic = broker.unique("customer-profiles");
        String applicationId = broker.unique("iq-it");
        broker.createTopic(topic, PARTITIONS, true);
        Map<String, CustomerProfile> profiles = produceProfiles(broker, topic);

        for (int i = 0; i < 3; i++) {
            instances.add(new Instance(broker, applicationId, topic, stateDirs.resolve("instance-" + i)));
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Instance instance : instances) {
                assertThat(instance.streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(get(instance, "/ready").statusCode()).isEqualTo(200);
            }
            for (String id : profiles.keySet()) {
                assertThat(get(instances.getFirst(), "/api/customers/" + id).statusCode()).isEqualTo(200);
            }
        });
        statuses.clear();

        // every customer, asked through every instance, gets the same answer from the same owner
        int forwarded = 0;
        for (String id : profiles.keySet()) {
            List<String> answers = new ArrayList<>();
            for (Instance instance : instances) {
                HttpResponse<String> response = get(instance, "/api/customers/" + id + "?asOf=2011-12-09T12:00:00Z");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                if (!Json.mapper().readTree(response.body()).get("servedBy").asText()
                        .equals(instance.host.toString())) {
                    forwarded++;
                }
                answers.add(response.body());
            }
            assertThat(answers).containsOnly(answers.getFirst());
            JsonNode answer = Json.mapper().readTree(answers.getFirst());
            assertThat(answer.get("monetary").decimalValue()).isEqualByComparingTo(profiles.get(id).monetary());
            assertThat(answer.get("frequency").asLong()).isEqualTo(profiles.get(id).frequency());
            assertThat(answer.get("stale").asBoolean()).isFalse();
        }
        assertThat(forwarded).as("answers that came from another instance").isGreaterThan(0);

        // segment statistics across instances equal a direct computation over all profiles
        Map<String, SegmentStats> expected = new HashMap<>();
        profiles.values().forEach(p -> expected.merge(p.segment(), SegmentStats.of(p), SegmentStats::plus));
        for (Instance instance : instances) {
            JsonNode segments = Json.mapper().readTree(get(instance, "/api/segments").body());
            assertThat(segments.get("totalCustomers").asLong()).isEqualTo(CUSTOMERS);
            assertThat(segments.get("instances").asInt()).isEqualTo(3);
            for (JsonNode segment : segments.get("segments")) {
                SegmentStats totals = expected.getOrDefault(segment.get("id").asText(), SegmentStats.EMPTY);
                assertThat(segment.get("customers").asLong()).isEqualTo(totals.customers());
                assertThat(segment.get("revenue").decimalValue())
                        .isEqualByComparingTo(BigDecimal.valueOf(totals.monetaryCentsSum(), 2));
            }
        }

        // /metrics: Kafka Streams' own metrics moved with the records, and the API timed the requests
        double processed = 0;
        for (Instance instance : instances) {
            String metrics = get(instance, "/metrics").body();
            processed += sum(metrics, "kafka_stream_thread_process_total");
            assertThat(sum(metrics, "http_server_requests_seconds_count{")).isPositive();
        }
        assertThat(processed).as("records processed by the three instances").isGreaterThanOrEqualTo(CUSTOMERS);

        // a segment's customers paged through one instance: all of them, in id order, each once
        List<String> paged = new ArrayList<>();
        String after = null;
        do {
            String path = "/api/segments/champions/customers?limit=7" + (after == null ? "" : "&after=" + after);
            JsonNode page = Json.mapper().readTree(get(instances.get(1), path).body());
            page.get("customers").forEach(customer -> paged.add(customer.get("customerId").asText()));
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        assertThat(paged).containsExactlyElementsOf(profiles.values().stream()
                .filter(p -> "champions".equals(p.segment()))
                .map(CustomerProfile::customerId)
                .sorted()
                .toList());

        // one instance stops: answers keep coming (from a standby, or a 503 with Retry-After), never an error,
        // until the group has rebalanced and the survivors' active copies answer everything again
        Instance stopped = instances.remove(2);
        stopped.close();
        List<Instance> survivors = List.copyOf(instances);
        AtomicInteger staleAnswers = new AtomicInteger();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            int answeredByActive = 0;
            for (String id : profiles.keySet()) {
                for (Instance instance : survivors) {
                    HttpResponse<String> response = get(instance, "/api/customers/" + id);
                    if (response.statusCode() == 200) {
                        JsonNode answer = Json.mapper().readTree(response.body());
                        assertThat(answer.get("monetary").decimalValue())
                                .isEqualByComparingTo(profiles.get(id).monetary());
                        if (answer.get("stale").asBoolean()) {
                            staleAnswers.incrementAndGet();
                            assertThat(answer.get("lag").asLong()).isLessThanOrEqualTo(settingsStandbyMaxLag());
                        } else {
                            answeredByActive++;
                        }
                    } else {
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                        assertThat(response.headers().firstValue("Retry-After")).isPresent();
                    }
                }
            }
            assertThat(answeredByActive).isEqualTo(CUSTOMERS * survivors.size());
        });
        for (String id : profiles.keySet()) {
            JsonNode answer = Json.mapper().readTree(get(survivors.getFirst(), "/api/customers/" + id).body());
            assertThat(answer.get("servedBy").asText()).isNotEqualTo(stopped.host.toString());
        }
        // Kafka Streams does not leave the group on close: until the session times out, the stopped instance's
        // partitions are answered by their standbys
        assertThat(staleAnswers.get()).as("answers from standbys while the owner was gone").isPositive();
        assertThat(statuses.keySet()).as("statuses seen: %s", statuses).containsAnyOf(200).doesNotContain(500);
        assertThat(statuses.keySet()).allSatisfy(status -> assertThat(status).isIn(200, 503));
    }

    /** The sum of every sample of the series (name, or name and the opening brace of its labels). */
    private static double sum(String prometheusText, String series) {
        return prometheusText.lines()
                .filter(line -> line.startsWith(series.endsWith("{") ? series : series + "{")
                        || line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static long settingsStandbyMaxLag() {
        return QueryService.Options.DEFAULT_STANDBY_MAX_LAG;
    }

    private HttpResponse<String> get(Instance instance, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://" + instance.host + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        statuses.computeIfAbsent(response.statusCode(), status -> new AtomicInteger()).incrementAndGet();
        return response;
    }

    private static Map<String, CustomerProfile> produceProfiles(KafkaBroker broker, String topic) throws Exception {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        Map<String, CustomerProfile> profiles = new HashMap<>();
        String[] segments = {"champions", "loyal", "at-risk", "lost"};
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (int i = 0; i < CUSTOMERS; i++) {
                String id = "c" + (10_000 + i);
                CustomerProfile profile = TestModels.profile(id, segments[i % segments.length],
                        Instant.parse("2011-11-01T00:00:00Z").plus(Duration.ofHours(7L * i)).toString(), 1 + i % 9,
                        BigDecimal.valueOf(10_000 + i * 3_717L, 2).toPlainString());
                profiles.put(id, profile);
                producer.send(new ProducerRecord<>(topic, id, Json.toString(profile))).get();
            }
        }
        return profiles;
    }

    /** One application instance: Kafka Streams with a profile table, and the HTTP API over it. */
    private static final class Instance implements AutoCloseable {
        final Host host;
        final KafkaStreams streams;
        final HttpServer server;
        final KafkaStreamsMetrics streamsMetrics;
        private boolean closed;

        Instance(KafkaBroker broker, String applicationId, String topic, Path stateDir) {
            host = new Host("127.0.0.1", freePort());
            StreamsBuilder builder = new StreamsBuilder();
            builder.table(topic, Consumed.with(Serdes.String(), org.rfmstream.schemas.Serdes.customerProfile()),
                    Materialized.as(STORE));
            Properties properties = new Properties();
            properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, host.toString());
            properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
            properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            properties.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
            properties.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1_000);
            Topology topology = builder.build();
            streams = new KafkaStreams(topology, properties);

            HttpSettings settings = HttpSettings.from(Settings.of(Map.of(
                    Settings.HTTP_PORT, Integer.toString(host.port()),
                    Settings.APPLICATION_SERVER, host.toString())));
            SegmentModel model = TestModels.model(1);
            QueryService queries = new QueryService(new KafkaStreamsMetadataSource(streams, STORE, host),
                    new TableStore(streams, LocalPartitions.of(streams, topology, STORE)), () -> Optional.of(model), new HttpPeerClient(settings),
                    () -> TestModels.NOW, settings.queryOptions());
            PrometheusMeterRegistry registry = MeterRegistries.prometheus();
            streamsMetrics = MeterRegistries.bindKafkaStreams(registry, streams);
            server = new HttpServer(settings, queries, registry).start();
            streams.start();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                server.close();
                streams.close(Duration.ofSeconds(20));
                streamsMetrics.close();
            }
        }
    }

    /**
     * The test's {@link LocalCustomerStore} over the plain table: point reads through {@link KafkaStreamsProfiles},
     * totals and pages by scanning the active partitions' copies (the segmentation topology keeps indexes for
     * those instead).
     */
    private record TableStore(KafkaStreams streams, LocalPartitions partitions) implements LocalCustomerStore {

        @Override
        public Optional<CustomerProfile> profile(String customerId, int partition) {
            return KafkaStreamsProfiles.of(streams, STORE).profile(customerId, partition);
        }

        @Override
        public Covered<Map<String, SegmentStats>> segmentStats() {
            Covered<List<CustomerProfile>> profiles = activeProfiles();
            Map<String, SegmentStats> stats = new HashMap<>();
            for (CustomerProfile profile : profiles.value()) {
                stats.merge(profile.segment(), SegmentStats.of(profile), SegmentStats::plus);
            }
            return new Covered<>(stats, profiles.partitions());
        }

        @Override
        public Covered<List<CustomerProfile>> segmentPage(String segmentId, String afterCustomerId, int limit) {
            Covered<List<CustomerProfile>> profiles = activeProfiles();
            return new Covered<>(profiles.value().stream()
                    .filter(p -> segmentId.equals(p.segment()))
                    .filter(p -> afterCustomerId == null || p.customerId().compareTo(afterCustomerId) > 0)
                    .sorted(Comparator.comparing(CustomerProfile::customerId))
                    .limit(limit)
                    .toList(), profiles.partitions());
        }

        @Override
        public List<CustomerProfile> customerPage(String afterCustomerId, int limit) {
            return activeProfiles().value().stream()
                    .filter(p -> afterCustomerId == null || p.customerId().compareTo(afterCustomerId) > 0)
                    .sorted(Comparator.comparing(CustomerProfile::customerId))
                    .limit(limit)
                    .toList();
        }

        /** The plain table has no model edges: the spend histogram only. */
        @Override
        public MarketingTotalsReport marketingTotals(java.time.Instant asOf) {
            Map<Integer, SegmentStats> spend = new HashMap<>();
            for (CustomerProfile profile : activeProfiles().value()) {
                if (profile.lastPurchase() != null) {
                    spend.merge(SpendBuckets.of(org.rfmstream.schemas.Money.toCents(profile.monetary())),
                            SegmentStats.of(profile), SegmentStats::plus);
                }
            }
            return new MarketingTotalsReport(null, List.of(), null, Map.of(), 0, spend);
        }

        @Override
        public boolean isQueryable() {
            return KafkaStreamsProfiles.of(streams, STORE).isQueryable();
        }

        private Covered<List<CustomerProfile>> activeProfiles() {
            List<CustomerProfile> all = new ArrayList<>();
            SortedMap<Integer, ReadOnlyKeyValueStore<String, CustomerProfile>> stores = partitions.readable(
                    StoreQueryParameters.fromNameAndType(STORE,
                            QueryableStoreTypes.<String, CustomerProfile>keyValueStore()));
            for (ReadOnlyKeyValueStore<String, CustomerProfile> store : stores.values()) {
                try (KeyValueIterator<String, CustomerProfile> entries = store.all()) {
                    entries.forEachRemaining((KeyValue<String, CustomerProfile> entry) -> all.add(entry.value));
                }
            }
            return new Covered<>(all, new TreeSet<>(stores.keySet()));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
