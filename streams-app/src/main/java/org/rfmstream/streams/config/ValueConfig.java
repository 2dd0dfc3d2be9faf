package org.rfmstream.streams.config;

import java.time.Duration;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;

/**
 * How often the per-segment value figures of {@code /api/segments} are recomputed: {@code VALUE_REFRESH} (default
 * PT1M). The figures' own settings ({@code VALUE_HORIZON_DAYS}, {@code VALUE_MARGIN},
 * {@code VALUE_MONTHLY_DISCOUNT_RATE}) are read by {@link org.rfmstream.schemas.value.ValueSettings#from}.
 */
public final class ValueConfig {

    public static final String VALUE_REFRESH = "VALUE_REFRESH";
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(1);

    private ValueConfig() {
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
