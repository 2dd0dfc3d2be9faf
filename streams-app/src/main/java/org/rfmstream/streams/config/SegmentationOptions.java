package org.rfmstream.streams.config;

import java.time.Duration;
import java.util.Locale;
import org.rfmstream.schemas.TransactionValidator;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;

/**
 * What the segmentation topology itself needs to know, read from {@link Settings} (environment names below;
 * in a properties file also their dotted lower-case form).
 *
 * @param clock              {@code SEGMENTATION_CLOCK}: event-time (default) or wall-clock
 * @param dedupRetention     {@code SEGMENTATION_DEDUP_RETENTION}: how long (event time) an event id is remembered
 * @param maxFutureSkew      {@code SEGMENTATION_MAX_FUTURE_SKEW}: how far past the wall clock an event may be
 * @param reviewInterval     {@code SEGMENTATION_REVIEW_INTERVAL}: in wall-clock mode, how often due inactivity
 *                           reviews are run (in event time they run as soon as the event clock reaches them)
 * @param modelCheckInterval {@code SEGMENTATION_MODEL_CHECK_INTERVAL}: wall-clock period of the check for a new
 *                           model and of each re-scoring batch
 * @param reviewBatchSize    {@code SEGMENTATION_REVIEW_BATCH}: most customers reviewed per tick and task
 * @param rescoreBatchSize   {@code SEGMENTATION_RESCORE_BATCH}: most customers re-scored per tick and task after a
 *                           model change
 */
public record SegmentationOptions(
        TopicNames topics,
        Clock clock,
        Duration dedupRetention,
        Duration maxFutureSkew,
        Duration reviewInterval,
        Duration modelCheckInterval,
        int reviewBatchSize,
        int rescoreBatchSize) {

    public static final String SEGMENTATION_CLOCK = Settings.SEGMENTATION_CLOCK;
    public static final String DEDUP_RETENTION = "SEGMENTATION_DEDUP_RETENTION";
    public static final String MAX_FUTURE_SKEW = "SEGMENTATION_MAX_FUTURE_SKEW";
    public static final String REVIEW_INTERVAL = "SEGMENTATION_REVIEW_INTERVAL";
    public static final String MODEL_CHECK_INTERVAL = "SEGMENTATION_MODEL_CHECK_INTERVAL";
    public static final String REVIEW_BATCH = "SEGMENTATION_REVIEW_BATCH";
    public static final String RESCORE_BATCH = "SEGMENTATION_RESCORE_BATCH";

    public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_REVIEW_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MODEL_CHECK_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_REVIEW_BATCH = 10_000;
    public static final int DEFAULT_RESCORE_BATCH = 2_000;

    /** What "now" is for recency, inactivity and dedup retention. */
    public enum Clock {
        /**
         * The latest accepted transaction's own timestamp, per task: replays of history give the batch computation's
         * answers, and records refused to the DLQ never move it.
         */
        EVENT_TIME("event-time"),
        /** The system clock: for live systems. */
        WALL_CLOCK("wall-clock");

        private final String setting;

        Clock(String setting) {
            this.setting = setting;
        }

        public String setting() {
            return setting;
        }

        public static Clock of(String setting) {
            for (Clock clock : values()) {
                if (clock.setting.equals(setting.toLowerCase(Locale.ROOT))) {
                    return clock;
                }
            }
            throw new ConfigException(SEGMENTATION_CLOCK + " must be event-time or wall-clock, but is '" + setting
                    + "'.");
        }
    }

    public SegmentationOptions {
        requirePositive(DEDUP_RETENTION, dedupRetention);
        requirePositive(REVIEW_INTERVAL, reviewInterval);
        requirePositive(MODEL_CHECK_INTERVAL, modelCheckInterval);
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new ConfigException(MAX_FUTURE_SKEW + " must be a duration of zero or more, but is "
                    + maxFutureSkew + ".");
        }
        if (reviewBatchSize < 1) {
            throw new ConfigException(REVIEW_BATCH + " must be at least 1, but is " + reviewBatchSize + ".");
        }
        if (rescoreBatchSize < 1) {
            throw new ConfigException(RESCORE_BATCH + " must be at least 1, but is " + rescoreBatchSize + ".");
        }
    }

    public static SegmentationOptions defaults() {
        return from(Settings.of(java.util.Map.of()));
    }

    public static SegmentationOptions from(Settings settings) {
        return new SegmentationOptions(
                settings.topics(),
                Clock.of(settings.string(SEGMENTATION_CLOCK, Clock.EVENT_TIME.setting())),
                settings.duration(DEDUP_RETENTION, DEFAULT_DEDUP_RETENTION),
                settings.duration(MAX_FUTURE_SKEW, TransactionValidator.DEFAULT_MAX_FUTURE_SKEW),
                settings.duration(REVIEW_INTERVAL, DEFAULT_REVIEW_INTERVAL),
                settings.duration(MODEL_CHECK_INTERVAL, DEFAULT_MODEL_CHECK_INTERVAL),
                settings.integer(REVIEW_BATCH, DEFAULT_REVIEW_BATCH),
                settings.integer(RESCORE_BATCH, DEFAULT_RESCORE_BATCH));
    }

    public SegmentationOptions withClock(Clock newClock) {
        return new SegmentationOptions(topics, newClock, dedupRetention, maxFutureSkew, reviewInterval,
                modelCheckInterval, reviewBatchSize, rescoreBatchSize);
    }

    public SegmentationOptions withBatchSizes(int newReviewBatchSize, int newRescoreBatchSize) {
        return new SegmentationOptions(topics, clock, dedupRetention, maxFutureSkew, reviewInterval,
                modelCheckInterval, newReviewBatchSize, newRescoreBatchSize);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new ConfigException(name + " must be a positive duration such as PT1S or P7D, but is " + value
                    + ".");
        }
    }
}
