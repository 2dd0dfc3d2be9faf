package org.rfmstream.bench.suite;

import io.micrometer.core.instrument.Counter;
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
import org.rfmstream.bench.support.Hotspots;
import org.rfmstream.bench.support.StreamsApps;
import org.rfmstream.bench.support.ThreadCpu;
import org.rfmstream.ops.generate.RetailDataGenerator;
import org.rfmstream.ops.replay.ReplaySummary;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.metrics.SegmentationMetrics;

/**
 * Events per second until everything is committed, on a pre-loaded {@code transactions} topic of generated
 * history: the bare exactly-once pipe (the limit), the topology with exactly-once and with at-least-once, and a
 * naive aggregate, one after the other in each run on the same broker and topic; the ratios are taken per run.
 */
public final class ThroughputBench extends Benchmark {

    static final String NAME = "throughput";

    private enum Variant {
        PIPE_EOS("pipeEos", StreamsApps.Kind.PIPE, true),
        TOPOLOGY_EOS("topologyEos", StreamsApps.Kind.TOPOLOGY, true),
        TOPOLOGY_ALOS("topologyAlos", StreamsApps.Kind.TOPOLOGY, false),
        NAIVE_EOS("naiveAggregateEos", StreamsApps.Kind.NAIVE_AGGREGATE, true),
        /** The pipe writing as many records per event as the topology did in the same run. */
        PIPE_FAN_OUT_EOS("pipeFanOutEos", StreamsApps.Kind.FAN_OUT_PIPE, true);

        final String figure;
        final StreamsApps.Kind kind;
        final boolean exactlyOnce;

        Variant(String figure, StreamsApps.Kind kind, boolean exactlyOnce) {
            this.figure = figure;
            this.kind = kind;
            this.exactlyOnce = exactlyOnce;
        }
    }

    public ThroughputBench() {
        super(NAME,
                "Events/s from start (RUNNING) until the input's last offset is committed, on a pre-loaded topic of "
                        + "generated retail history; the topology against a bare exactly-once pipe on the same broker.");
    }

    @Override
    public BenchReport run(BenchOptions options, Progress progress) {
        BenchReport.Builder report = report();
        TopicNames topics = TopicNames.defaults();
        try (BenchBroker broker = BenchBroker.startWithModel(options.workDir().resolve(NAME), topics,
                options.partitions())) {
            broker.createTopic(StreamsApps.PIPE_OUTPUT, options.partitions(), false);
            broker.createTopic(StreamsApps.NAIVE_OUTPUT, options.partitions(), false);

            // the per-customer rate is estimated on a sample: 10 % more customers, so the topic holds at least as many events
            int customers = (int) Math.ceil(1.1 * options.events() / BenchData.eventsPerGeneratedCustomer());
            Path csv = broker.workDir().resolve("history.csv");
            progress.say("generating history of %,d customers for about %,d events", customers, options.events());
            RetailDataGenerator.Summary generated = BenchData.generateCsv(csv, customers);
            ReplaySummary loaded = BenchData.replay(csv, broker.bootstrapServers(), topics.transactions());
            Map<TopicPartition, Long> end = broker.endOffsets(topics.transactions());
            long events = end.values().stream().mapToLong(Long::longValue).sum();
            progress.say("loaded %,d events (%,d CSV rows) into %s", events, generated.rows(), topics.transactions());
            report.parameter("events", events)
                    .parameter("generatedCustomers", customers)
                    .parameter("csvRows", generated.rows())
                    .parameter("partitions", options.partitions())
                    .parameter("commitIntervalMs", options.commitInterval().toMillis())
                    .parameter("clock", SegmentationOptions.Clock.EVENT_TIME.setting())
                    .parameter("streamThreads", 1)
                    .parameter("settings", options.settings())
                    .parameter("runs", options.runs())
                    .parameter("loadSeconds", loaded.elapsed().toMillis() / 1000.0);

            Duration timeout = Duration.ofSeconds(Math.max(300, events / 500));
            for (int run = 1; run <= options.runs(); run++) {
                Map<String, Double> figures = new LinkedHashMap<>();
                for (Variant variant : Variant.values()) {
                    boolean profile = options.profile() && run == options.runs() && variant == Variant.TOPOLOGY_EOS;
                    double copies = variant == Variant.PIPE_FAN_OUT_EOS
                            ? figures.get("topologyEos.recordsWrittenPerEvent") : 1;
                    Measured measured = measure(broker, options, topics, variant, run, end, timeout, profile, report,
                            copies);
                    double seconds = measured.seconds();
                    figures.put(variant.figure + ".seconds", seconds);
                    figures.put(variant.figure + ".eventsPerSecond", events / seconds);
                    figures.put(variant.figure + ".cpuMicrosPerEvent", measured.cpuNanos() / 1000.0 / events);
                    progress.say("run %d: %-18s %,10.0f events/s (%.1f s), %.1f µs CPU per event", run,
                            variant.figure, events / seconds, seconds, measured.cpuNanos() / 1000.0 / events);
                    figures.put(variant.figure + ".recordsWrittenPerEvent", measured.recordsWritten() / events);
                    if (variant.kind == StreamsApps.Kind.TOPOLOGY) {
                        // the work the topology does beyond the naive aggregate, per input event
                        figures.put(variant.figure + ".segmentChangesPerEvent", measured.segmentChanges() / events);
                        figures.put(variant.figure + ".reviewVisitsPerEvent", measured.reviewVisits() / events);
                    }
                }
                double pipe = figures.get("pipeEos.eventsPerSecond");
                figures.put("ratio.topologyEosToPipeEos", figures.get("topologyEos.eventsPerSecond") / pipe);
                figures.put("ratio.topologyAlosToPipeEos", figures.get("topologyAlos.eventsPerSecond") / pipe);
                figures.put("ratio.topologyEosToTopologyAlos", figures.get("topologyEos.eventsPerSecond")
                        / figures.get("topologyAlos.eventsPerSecond"));
                figures.put("ratio.naiveAggregateEosToPipeEos", figures.get("naiveAggregateEos.eventsPerSecond") / pipe);
                // the same comparison in CPU cost, which the machine's other tenants disturb much less
                double pipeCpu = figures.get("pipeEos.cpuMicrosPerEvent");
                figures.put("cpuRatio.pipeEosToTopologyEos", pipeCpu / figures.get("topologyEos.cpuMicrosPerEvent"));
                figures.put("cpuRatio.pipeEosToTopologyAlos", pipeCpu / figures.get("topologyAlos.cpuMicrosPerEvent"));
                figures.put("cpuRatio.pipeEosToNaiveAggregateEos",
                        pipeCpu / figures.get("naiveAggregateEos.cpuMicrosPerEvent"));
                // the most any application writing that many records per event could reach, and the topology's
                // share of that floor
                figures.put("ratio.pipeFanOutEosToPipeEos", figures.get("pipeFanOutEos.eventsPerSecond") / pipe);
                figures.put("ratio.topologyEosToPipeFanOutEos", figures.get("topologyEos.eventsPerSecond")
                        / figures.get("pipeFanOutEos.eventsPerSecond"));
                report.run(figures);
            }
        }
        report.note("Each application starts from offset 0 with a new application id and empty state; the clock "
                + "starts when Kafka Streams reports RUNNING and stops when the group's committed offsets reach the "
                + "input's end (polled every 50 ms).");
        report.note("Commit interval " + options.commitInterval().toMillis() + " ms for every variant, including "
                + "at-least-once (whose Streams default would be 30 s), so the variants differ only in topology "
                + "and guarantee.");
        report.note("cpuMicrosPerEvent is the CPU time of the application's own threads (stream thread, its "
                + "producer's network thread, consumer threads; not the broker's) divided by the events: on a shared "
                + "machine it is steadier than wall time. cpuRatio.pipeEosToX = the pipe's CPU per event ÷ X's, "
                + "i.e. the share of the limit X would reach if CPU were the only constraint.");
        report.note("recordsWrittenPerEvent counts every record the application's producer sent (outputs, "
                + "changelogs, repartitions) per input event. pipeFanOutEos is the bare pipe writing that many copies of "
                + "each input per event, as the topology did in the same run: the most any application that writes "
                + "that many records could reach.");
        report.note("One stream thread, " + options.partitions() + " partitions, broker, producer and Streams "
                + "in one JVM on the same machine.");
        Map<String, Double> median = report.median();
        return report.build(List.of(
                BenchReport.Target.atLeast("topology ÷ bare EOS pipe ≥ 0.55", "ratio.topologyEosToPipeEos", 0.55,
                        median, "ratio")));
    }

    /**
     * One application's run to the input's end.
     *
     * @param cpuNanos       CPU time of the application's own threads
     * @param recordsWritten every record its producer sent: outputs, changelogs, repartitions
     */
    private record Measured(double seconds, double cpuNanos, double segmentChanges, double reviewVisits,
                            double recordsWritten) {
    }

    private static Measured measure(BenchBroker broker, BenchOptions options, TopicNames topics, Variant variant,
                                  int run, Map<TopicPartition, Long> end, Duration timeout, boolean profile,
                                  BenchReport.Builder report, double copies) {
        String applicationId = "bench-" + variant.figure + "-" + run;
        Path stateDir = broker.stateDir(applicationId);
        StreamsApps.Config config = new StreamsApps.Config(broker.bootstrapServers(), applicationId, stateDir,
                variant.exactlyOnce, options.commitInterval(), topics, SegmentationOptions.Clock.EVENT_TIME, options.settings());
        Hotspots hotspots = profile ? Hotspots.start(broker.workDir().resolve("topology.jfr")) : null;
        try (StreamsApps.Running app = StreamsApps.start(variant.kind, config, null, copies)) {
            long started = app.awaitRunning(Duration.ofMinutes(2));
            long done = broker.awaitCommitted(applicationId, topics.transactions(), end, timeout, () -> {
            });
            long cpu = ThreadCpu.nanos(applicationId);
            if (hotspots != null) {
                report.extra("profile", hotspots.stopAndSummarise(name -> name.contains("StreamThread"), 25));
            }
            return new Measured((done - started) / 1e9, cpu, total(app, SegmentationMetrics.SEGMENT_CHANGES),
                    total(app, SegmentationMetrics.REVIEW_VISITS), recordsWritten(app));
        } finally {
            if (hotspots != null) {
                hotspots.close();
            }
            BenchBroker.deleteRecursively(stateDir);
        }
    }

    /** Every record the application's producers sent: outputs, changelogs, repartitions. */
    private static double recordsWritten(StreamsApps.Running app) {
        return app.streams().metrics().values().stream()
                .filter(metric -> metric.metricName().group().equals("producer-metrics")
                        && metric.metricName().name().equals("record-send-total"))
                .mapToDouble(metric -> ((Number) metric.metricValue()).doubleValue())
                .sum();
    }

    private static double total(StreamsApps.Running app, String counter) {
        return app.registry().find(counter).counters().stream().mapToDouble(Counter::count).sum();
    }
}
