package org.rfmstream.bench.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.rfmstream.bench.BenchOptions;
import org.rfmstream.bench.BenchReport;
import org.rfmstream.bench.Benchmark;
import org.rfmstream.bench.support.BenchBroker;
import org.rfmstream.bench.support.BenchData;
import org.rfmstream.bench.support.StreamsApps;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.state.StoreNames;

/**
 * Bytes per customer of the topology's local state after N customers, and the time to restore that state from
 * the changelogs after the local state directory is wiped (restart until RUNNING).
 */
public final class StateBench extends Benchmark {

    static final String NAME = "state";
    private static final List<String> STORES = List.of(StoreNames.PROFILES,
            StoreNames.SEGMENT_MEMBERS, StoreNames.SEGMENT_STATS, StoreNames.PROGRESS);

    public StateBench() {
        super(NAME,
                "Local state bytes per customer (RocksDB files after a clean close) and restore time from the "
                        + "changelogs after wiping the local state.");
    }

    @Override
    public BenchReport run(BenchOptions options, Progress progress) {
        BenchReport.Builder report = report();
        TopicNames topics = TopicNames.defaults();
        int customers = options.stateCustomers();
        try (BenchBroker broker = BenchBroker.startWithModel(options.workDir().resolve(NAME), topics,
                options.partitions())) {
            progress.say("sending purchases of %,d customers", customers);
            long events = BenchData.sendSyntheticPurchases(broker.bootstrapServers(), topics.transactions(), "S",
                    customers);
            Map<TopicPartition, Long> end = broker.endOffsets(topics.transactions());
            report.parameter("customers", customers)
                    .parameter("events", events)
                    .parameter("purchasesPerCustomer", "1 to 3, uniformly")
                    .parameter("partitions", options.partitions())
                    .parameter("commitIntervalMs", options.commitInterval().toMillis())
                    .parameter("processingGuarantee", "exactly_once_v2")
                    .parameter("settings", options.settings())
                .parameter("runs", options.runs());
            Duration timeout = Duration.ofSeconds(Math.max(300, events / 500));
            for (int run = 1; run <= options.runs(); run++) {
                String applicationId = "bench-state-" + run;
                Path stateDir = broker.stateDir(applicationId);
                StreamsApps.Config config = new StreamsApps.Config(broker.bootstrapServers(), applicationId, stateDir,
                        true, options.commitInterval(), topics, SegmentationOptions.Clock.EVENT_TIME, options.settings());
                Map<String, Double> figures = new LinkedHashMap<>();
                try {
                    try (StreamsApps.Running app = StreamsApps.start(StreamsApps.Kind.TOPOLOGY, config)) {
                        long started = app.awaitRunning(Duration.ofMinutes(2));
                        long done = broker.awaitCommitted(applicationId, topics.transactions(), end, timeout, () -> {
                        });
                        figures.put("processEventsPerSecond", events / ((done - started) / 1e9));
                    }
                    Path appState = stateDir.resolve(applicationId);
                    long total = BenchBroker.sizeOnDisk(appState);
                    figures.put("localBytesPerCustomer", total / (double) customers);
                    storeBytes(appState).forEach((store, bytes) ->
                            figures.put("localBytesPerCustomer." + store, bytes / (double) customers));
                    List<String> changelogs = broker.topicsStartingWith(applicationId + "-").stream()
                            .filter(topic -> topic.endsWith("-changelog")).toList();
                    long changelogBytes = broker.logBytes(changelogs).values().stream().mapToLong(Long::longValue).sum();
                    figures.put("changelogBytesPerCustomer", changelogBytes / (double) customers);

                    BenchBroker.deleteRecursively(appState);
                    AtomicLong restored = new AtomicLong();
                    try (StreamsApps.Running app = StreamsApps.start(StreamsApps.Kind.TOPOLOGY, config,
                            streams -> streams.setGlobalStateRestoreListener(counting(restored)))) {
                        long running = app.awaitRunning(timeout);
                        double seconds = (running - app.startedNanos()) / 1e9;
                        figures.put("restoreSeconds", seconds);
                        figures.put("restoredRecords", (double) restored.get());
                        figures.put("restoreRecordsPerSecond", restored.get() / seconds);
                    }
                    progress.say("run %d: %.1f bytes/customer on disk (changelogs %.1f), restore %.1f s (%,d records)",
                            run, figures.get("localBytesPerCustomer"), figures.get("changelogBytesPerCustomer"),
                            figures.get("restoreSeconds"), restored.get());
                } finally {
                    BenchBroker.deleteRecursively(stateDir);
                }
                broker.deleteTopics(broker.topicsStartingWith(applicationId + "-"));
                report.run(figures);
            }
        }
        report.note("Local bytes are every file of the application's state directory (RocksDB SST files, "
                + "manifests, options, checkpoints) after a clean close, which flushes the memtables; they are "
                + "not compacted by hand, so overwritten values still in older SST files count.");
        report.note("Restore time is from start() of a new instance with the same application id and an empty "
                + "state directory until RUNNING; the changelogs have not been compacted by the broker yet (the "
                + "worst case: every update is replayed).");
        Map<String, Double> median = report.median();
        return report.build(List.of(BenchReport.Target.atMost("state ≤ 200 bytes per customer",
                "localBytesPerCustomer", 200, median, "bytes")));
    }

    /** Bytes per store name, summed over the tasks ({@code <task>/rocksdb/<store>/...}). */
    private static Map<String, Long> storeBytes(Path appState) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String store : STORES) {
            bytes.put(store, 0L);
        }
        if (!Files.exists(appState)) {
            return bytes;
        }
        try (Stream<Path> files = Files.walk(appState)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                Path relative = appState.relativize(file);
                for (int i = 0; i + 1 < relative.getNameCount(); i++) {
                    String part = relative.getName(i).toString();
                    if (part.equals("rocksdb") && STORES.contains(relative.getName(i + 1).toString())) {
                        try {
                            bytes.merge(relative.getName(i + 1).toString(), Files.size(file), Long::sum);
                        } catch (IOException e) {
                            // vanished meanwhile: not counted
                        }
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    private static StateRestoreListener counting(AtomicLong restored) {
        return new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
                restored.addAndGet(numRestored);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            }
        };
    }
}
