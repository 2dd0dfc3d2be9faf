package org.rfmstream.trainer;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.trainer.model.QualityGate;
import org.rfmstream.trainer.model.SegmentCatalog;
import org.rfmstream.trainer.model.TrainingOptions;
import org.rfmstream.trainer.value.ValueFitter;

/** The trainer's configuration keys, their defaults, and how they become options. */
public final class TrainerSettings {

    public static final String TRAINER_HTTP_PORT = "TRAINER_HTTP_PORT";
    public static final String TRAINER_K = "TRAINER_K";
    public static final String TRAINER_K_RANGE = "TRAINER_K_RANGE";
    public static final String TRAINER_SEED = "TRAINER_SEED";
    public static final String TRAINER_RESTARTS = "TRAINER_RESTARTS";
    public static final String TRAINER_MAX_ITERATIONS = "TRAINER_MAX_ITERATIONS";
    public static final String TRAINER_SAMPLE_SIZE = "TRAINER_SAMPLE_SIZE";
    public static final String TRAINER_SILHOUETTE_SAMPLE = "TRAINER_SILHOUETTE_SAMPLE";
    public static final String TRAINER_KEEP_DISTANCE = "TRAINER_KEEP_DISTANCE";
    public static final String TRAINER_MIN_CUSTOMERS = "TRAINER_MIN_CUSTOMERS";
    public static final String TRAINER_MIN_SILHOUETTE = "TRAINER_MIN_SILHOUETTE";
    public static final String TRAINER_MAX_MOVED_SHARE = "TRAINER_MAX_MOVED_SHARE";
    public static final String TRAINER_READ_TIMEOUT = "TRAINER_READ_TIMEOUT";
    public static final String TRAINER_AS_OF = "TRAINER_AS_OF";
    /** {@code true} (default) fits the customer value models with the segments. */
    public static final String TRAINER_VALUE = "TRAINER_VALUE";
    public static final String TRAINER_VALUE_TIME_UNIT = "TRAINER_VALUE_TIME_UNIT";
    public static final String TRAINER_VALUE_SAMPLE_SIZE = "TRAINER_VALUE_SAMPLE_SIZE";
    public static final String TRAINER_VALUE_MIN_CUSTOMERS = "TRAINER_VALUE_MIN_CUSTOMERS";
    public static final String TRAINER_VALUE_MIN_REPEAT_CUSTOMERS = "TRAINER_VALUE_MIN_REPEAT_CUSTOMERS";
    /** {@code TRAINER_SEGMENT_<ID>_NAME} / {@code _ACTION}, e.g. {@code TRAINER_SEGMENT_AT_RISK_NAME}. */
    public static final String TRAINER_SEGMENT_PREFIX = "TRAINER_SEGMENT_";

    public static final int DEFAULT_HTTP_PORT = 8081;
    public static final String DEFAULT_K_RANGE = TrainingOptions.DEFAULT_MIN_K + ".." + TrainingOptions.DEFAULT_MAX_K;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private TrainerSettings() {
    }

    public static TrainingOptions training(Settings settings) {
        SegmentCatalog catalog = SegmentCatalog.standard().withOverrides((id, what) ->
                settings.string(TRAINER_SEGMENT_PREFIX + id + "_" + what, null));
        int[] range = kRange(settings.string(TRAINER_K_RANGE, DEFAULT_K_RANGE));
        String fixedK = settings.string(TRAINER_K, null);
        try {
            return new TrainingOptions(
                    fixedK == null ? null : settings.integer(TRAINER_K, 0),
                    range[0], range[1],
                    settings.longValue(TRAINER_SEED, TrainingOptions.DEFAULT_SEED),
                    settings.integer(TRAINER_RESTARTS, TrainingOptions.DEFAULT_RESTARTS),
                    settings.integer(TRAINER_MAX_ITERATIONS, TrainingOptions.DEFAULT_MAX_ITERATIONS),
                    settings.integer(TRAINER_SAMPLE_SIZE, TrainingOptions.DEFAULT_FIT_SAMPLE_SIZE),
                    settings.integer(TRAINER_SILHOUETTE_SAMPLE, TrainingOptions.DEFAULT_SILHOUETTE_SAMPLE_SIZE),
                    settings.decimal(TRAINER_KEEP_DISTANCE, TrainingOptions.DEFAULT_MAX_KEEP_DISTANCE),
                    catalog);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid training configuration: " + e.getMessage() + ".");
        }
    }

    /** How the value models are fitted, or null when {@code TRAINER_VALUE=false}. */
    public static ValueFitter.Options value(Settings settings, long seed) {
        String enabled = settings.oneOf(TRAINER_VALUE, "true", "true", "false");
        if (enabled.equals("false")) {
            return null;
        }
        try {
            return new ValueFitter.Options(
                    settings.oneOf(TRAINER_VALUE_TIME_UNIT, ValueFitter.Options.DEFAULT_TIME_UNIT, "weeks", "days"),
                    settings.integer(TRAINER_VALUE_SAMPLE_SIZE, ValueFitter.Options.DEFAULT_SAMPLE_SIZE),
                    settings.integer(TRAINER_VALUE_MIN_CUSTOMERS, ValueFitter.Options.DEFAULT_MIN_CUSTOMERS),
                    settings.integer(TRAINER_VALUE_MIN_REPEAT_CUSTOMERS,
                            ValueFitter.Options.DEFAULT_MIN_REPEAT_CUSTOMERS),
                    seed, ValueFitter.Options.DEFAULT_STARTS);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value model configuration: " + e.getMessage() + ".");
        }
    }

    public static QualityGate gate(Settings settings) {
        try {
            return new QualityGate(
                    settings.longValue(TRAINER_MIN_CUSTOMERS, QualityGate.DEFAULT_MIN_CUSTOMERS),
                    settings.decimal(TRAINER_MIN_SILHOUETTE, QualityGate.DEFAULT_MIN_SILHOUETTE),
                    settings.decimal(TRAINER_MAX_MOVED_SHARE, QualityGate.DEFAULT_MAX_MOVED_SHARE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid quality gate: " + e.getMessage() + ".");
        }
    }

    public static TrainerRun.AsOfMode asOfMode(Settings settings) {
        String clock = settings.oneOf(Settings.SEGMENTATION_CLOCK, "event-time", "event-time", "wall-clock");
        return clock.equals("wall-clock") ? TrainerRun.AsOfMode.WALL_CLOCK : TrainerRun.AsOfMode.EVENT_TIME;
    }

    /** An explicit recency instant, or null. */
    public static Instant asOf(Settings settings) {
        String value = settings.string(TRAINER_AS_OF, null);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigException(TRAINER_AS_OF + " must be an ISO-8601 instant such as 2011-12-10T00:00:00Z,"
                    + " but is '" + value + "'.");
        }
    }

    public static int httpPort(Settings settings) {
        int port = settings.integer(TRAINER_HTTP_PORT, DEFAULT_HTTP_PORT);
        if (port < 0 || port > 65535) {
            throw new ConfigException(TRAINER_HTTP_PORT + " must be a port between 0 and 65535, but is " + port + ".");
        }
        return port;
    }

    public static Duration readTimeout(Settings settings) {
        return settings.duration(TRAINER_READ_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /** {@code "2..8"} → {@code [2, 8]}. */
    static int[] kRange(String value) {
        String[] parts = value.split("\\.\\.", -1);
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new ConfigException(TRAINER_K_RANGE + " must look like 2..8, but is '" + value + "'.");
    }
}
