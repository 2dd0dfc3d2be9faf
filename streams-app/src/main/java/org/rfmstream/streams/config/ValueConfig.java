package org.rfmstream.streams.config;

import java.time.Duration;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.value.ValueSettings;

/**
 * How this instance turns the model's value block into customers' figures: {@code VALUE_HORIZON_DAYS} (default 90),
 * {@code VALUE_MARGIN} (default 1: CLV as revenue), {@code VALUE_MONTHLY_DISCOUNT_RATE} (default 0), and how often
 * the per-segment value figures are recomputed, {@code VALUE_REFRESH} (default PT1M).
 */
public final class ValueConfig {

    public static final String VALUE_HORIZON_DAYS = "VALUE_HORIZON_DAYS";
    public static final String VALUE_MARGIN = "VALUE_MARGIN";
    public static final String VALUE_MONTHLY_DISCOUNT_RATE = "VALUE_MONTHLY_DISCOUNT_RATE";
    public static final String VALUE_REFRESH = "VALUE_REFRESH";
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(1);

    private ValueConfig() {
    }

    public static ValueSettings settings(Settings settings) {
        try {
            return new ValueSettings(settings.integer(VALUE_HORIZON_DAYS, ValueSettings.DEFAULT_HORIZON_DAYS),
                    settings.decimal(VALUE_MARGIN, 1), settings.decimal(VALUE_MONTHLY_DISCOUNT_RATE, 0));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value settings: " + e.getMessage() + ".");
        }
    }

    public static Duration refresh(Settings settings) {
        Duration refresh = settings.duration(VALUE_REFRESH, DEFAULT_REFRESH);
        if (refresh.isNegative() || refresh.isZero()) {
            throw new ConfigException(VALUE_REFRESH + " must be a positive duration such as PT1M, but is " + refresh
                    + ".");
        }
        return refresh;
    }
}
