package org.rfmstream.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.rfmstream.bench.BenchOptions;
import org.rfmstream.bench.BenchReport;
import org.rfmstream.bench.Benchmark;
import org.rfmstream.bench.support.BenchBroker;
import org.rfmstream.bench.support.BenchData;
import org.rfmstream.bench.support.StreamsApps;
import org.rfmstream.ops.generate.RetailDataGenerator;
import org.rfmstream.ops.replay.ReplaySummary;
import org.rfmstream.ops.topics.TopicSpec;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.SegmentationOptions;

/**
 * The time to replay a generated CSV with {@code ops replay}'s replayer while the topology runs, until the last
 * event's results are committed. Each run gets its own empty topics.
 */
public final class ReplayBench extends Benchmark {

    static final String NAME = "replay";

    public ReplayBench() {
        super(NAME,
                "Replay of a generated UCI-format CSV through the product's replayer into a running topology "
                        + "(exactly-once, event time): seconds until every event's results are committed.");
    }

    @Override
    public BenchReport run(BenchOptions options, Progress progress) {
        BenchReport.Builder report = report();
        try (BenchBroker broker = BenchBroker.start(options.workDir().resolve(NAME))) {
            Path csv = broker.workDir().resolve("history.csv");
            progress.say("generating a CSV of %,d customers", options.replayCustomers());
            long generating = System.nanoTime();
            RetailDataGenerator.Summary generated = BenchData.generateCsv(csv, options.replayCustomers());
            report.parameter("customers", options.replayCustomers())
                    .parameter("csvRows", generated.rows())
                    .parameter("csvBytes", BenchBroker.sizeOnDisk(csv))
                    .parameter("invoices", generated.invoices())
                    .parameter("generateSeconds", (System.nanoTime() - generating) / 1e9)
                    .parameter("partitions", options.partitions())
                    .parameter("commitIntervalMs", options.commitInterval().toMillis())
                    .parameter("processingGuarantee", "exactly_once_v2")
                    .parameter("settings", options.settings())
                .parameter("runs", options.runs());
            TopicNames shared = TopicNames.defaults();
            broker.createTopic(shared.segmentModels(), 1, true);
            BenchData.publishModel(broker.bootstrapServers(), shared.segmentModels(), BenchData.model(1));
            for (int run = 1; run <= options.runs(); run++) {
                TopicNames topics = new TopicNames("transactions-r" + run, "segment-changes-r" + run,
                        "customer-profiles-r" + run, shared.segmentModels(), "transactions-dlq-r" + run,
                        "customer-erasures-r" + run);
                broker.createTopics(TopicSpec.forSystem(topics, options.partitions(),
                        TopicSpec.DEFAULT_REPLICATION_FACTOR).stream()
                        .filter(spec -> !spec.name().equals(shared.segmentModels())).toList());
                String applicationId = "bench-replay-" + run;
                Path stateDir = broker.stateDir(applicationId);
                StreamsApps.Config config = new StreamsApps.Config(broker.bootstrapServers(), applicationId, stateDir,
                        true, options.commitInterval(), topics, SegmentationOptions.Clock.EVENT_TIME, options.settings());
                Map<String, Double> figures = new LinkedHashMap<>();
                try (StreamsApps.Running app = StreamsApps.start(StreamsApps.Kind.TOPOLOGY, config)) {
                    long started = app.awaitRunning(Duration.ofMinutes(2));
                    ReplaySummary replayed = BenchData.replay(csv, broker.bootstrapServers(), topics.transactions());
                    long sent = System.nanoTime();
                    Map<TopicPartition, Long> end = broker.endOffsets(topics.transactions());
                    long done = broker.awaitCommitted(applicationId, topics.transactions(), end,
                            Duration.ofSeconds(Math.max(300, replayed.eventsSent() / 500)), () -> {
                            });
                    double total = (done - started) / 1e9;
                    figures.put("events", (double) replayed.eventsSent());
                    figures.put("replaySeconds", replayed.elapsed().toNanos() / 1e9);
                    figures.put("catchUpAfterReplaySeconds", (done - sent) / 1e9);
                    figures.put("totalSeconds", total);
                    figures.put("eventsPerSecond", replayed.eventsSent() / total);
                    figures.put("rowsPerSecond", generated.rows() / total);
                    progress.say("run %d: %,d events replayed in %.1f s, all committed after %.1f s (%,.0f events/s)",
                            run, replayed.eventsSent(), replayed.elapsed().toMillis() / 1000.0, total,
                            replayed.eventsSent() / total);
                } finally {
                    BenchBroker.deleteRecursively(stateDir);
                }
                broker.deleteTopics(List.of(topics.transactions(), topics.segmentChanges(), topics.customerProfiles(),
                        topics.transactionsDlq(), topics.customerErasures()));
                broker.deleteTopics(broker.topicsStartingWith(applicationId + "-"));
                report.run(figures);
            }
        }
        report.note("The clock starts when the topology is RUNNING (before the first row is read) and stops when "
                + "the group's committed offsets reach the end of the replayed topic; it includes reading and "
                + "parsing the CSV and assembling the invoices.");
        report.note("Cancellations are replayed as refunds (the replay's default); rows without a customer are "
                + "skipped, as the replay does.");
        return report.build(List.of());
    }
}
