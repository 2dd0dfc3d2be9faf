package org.rfmstream.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR profile of a stretch of work, summarised: the hottest top frames of the chosen threads, and which
 * components (RocksDB, JSON, Kafka clients, the application's own code...) appear in their stacks.
 */
public final class Hotspots implements AutoCloseable {

    /** Component by frame class prefix; a sample counts once for every component on its stack (inclusive). */
    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("org.rocksdb.", "RocksDB (JNI)");
        COMPONENTS.put("com.fasterxml.jackson.", "Jackson JSON");
        COMPONENTS.put("org.rfmstream.schemas.TransactionValidator", "validation");
        COMPONENTS.put("org.rfmstream.streams.topology.SegmentationProcessor", "segmentation processor");
        COMPONENTS.put("org.rfmstream.streams.state.", "state codecs");
        COMPONENTS.put("org.apache.kafka.streams.state.internals.Caching", "Streams record cache");
        COMPONENTS.put("org.apache.kafka.streams.state.internals.ChangeLogging", "changelog writes");
        COMPONENTS.put("org.apache.kafka.streams.state.internals.Metered", "store metrics/serdes");
        COMPONENTS.put("org.apache.kafka.clients.producer.", "producer");
        COMPONENTS.put("org.apache.kafka.clients.consumer.", "consumer");
        COMPONENTS.put("org.apache.kafka.common.compress.", "compression");
        COMPONENTS.put("io.micrometer.", "Micrometer");
        COMPONENTS.put("org.slf4j.", "logging");
        COMPONENTS.put("ch.qos.logback.", "logging");
    }

    private final Recording recording;
    private final Path file;

    private Hotspots(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    public static Hotspots start(Path file) {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setToDisk(true);
            recording.setDestination(file);
            recording.start();
            return new Hotspots(recording, file);
        } catch (IOException | java.text.ParseException e) {
            throw new UncheckedIOException(new IOException("cannot start a JFR recording: " + e.getMessage(), e));
        }
    }

    /** Stops the recording and summarises the samples of the threads whose name matches. */
    public Map<String, Object> stopAndSummarise(Predicate<String> threadName, int top) {
        recording.stop();
        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Integer> components = new HashMap<>();
        int samples = 0;
        try {
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                var thread = event.getThread("sampledThread");
                RecordedStackTrace stack = event.getStackTrace();
                if (thread == null || stack == null || stack.getFrames().isEmpty()
                        || !threadName.test(String.valueOf(thread.getJavaName()))) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                topFrames.merge(frameName(frames.getFirst()), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String type = frame.getMethod().getType().getName();
                    COMPONENTS.forEach((prefix, component) -> {
                        if (type.startsWith(prefix)) {
                            seen.add(component);
                        }
                    });
                }
                seen.forEach(component -> components.merge(component, 1, Integer::sum));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JFR recording " + file, e);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("samples", samples);
        summary.put("topFrames", shares(topFrames, samples, top));
        summary.put("componentsInclusive", shares(components, samples, components.size()));
        return summary;
    }

    private static Map<String, Double> shares(Map<String, Integer> counts, int total, int top) {
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> shares.put(e.getKey(), Math.round(1000.0 * e.getValue() / Math.max(1, total)) / 10.0));
        return shares;
    }

    private static String frameName(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    @Override
    public void close() {
        recording.close();
    }
}
