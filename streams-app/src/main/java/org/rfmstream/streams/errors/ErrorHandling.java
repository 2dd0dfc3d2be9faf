package org.rfmstream.streams.errors;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.slf4j.Logger;

/**
 * What the Kafka Streams error handlers (instantiated by Streams from class names) need: the metrics and the DLQ
 * topic, handed over through the Streams configuration. Each distinct failure is logged once at WARN; repeats are
 * counted in the metrics and logged at DEBUG, so bad input cannot flood the log.
 */
public final class ErrorHandling {

    /** Streams config key holding the {@link SegmentationMetrics} instance. */
    public static final String METRICS = "rfm.segmentation.metrics";
    /** Streams config key holding the DLQ topic name. */
    public static final String DLQ_TOPIC = "rfm.dlq.topic";

    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private ErrorHandling() {
    }

    public static void configure(Properties properties, SegmentationMetrics metrics, String dlqTopic) {
        if (metrics != null) {
            properties.put(METRICS, metrics);
        }
        properties.put(DLQ_TOPIC, dlqTopic);
    }

    static SegmentationMetrics metrics(Map<String, ?> configs) {
        Object metrics = configs.get(METRICS);
        return metrics instanceof SegmentationMetrics m ? m : null;
    }

    static String dlqTopic(Map<String, ?> configs) {
        Object topic = configs.get(DLQ_TOPIC);
        return topic == null ? TopicNames.TRANSACTIONS_DLQ : topic.toString();
    }

    /** WARN the first time this kind of failure is seen, DEBUG afterwards. */
    public static void logOnce(Logger log, String kind, String message) {
        if (LOGGED.add(kind)) {
            log.warn("{} (further failures of this kind are counted in the metrics and logged at DEBUG)", message);
        } else if (log.isDebugEnabled()) {
            log.debug(message);
        }
    }
}
