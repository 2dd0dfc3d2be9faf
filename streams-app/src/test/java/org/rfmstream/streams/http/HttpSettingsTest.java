package org.rfmstream.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.query.Host;

class HttpSettingsTest {

    @Test
    void defaultsServePort8080AsLocalhostWithoutAToken() {
        HttpSettings settings = HttpSettings.from(Settings.of(Map.of()));

        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.applicationServer()).isEqualTo(new Host("localhost", 8080));
        assertThat(settings.apiToken()).isNull();
        assertThat(settings.maxRequestBytes()).isEqualTo(16 * 1024);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.forwardTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.standbyMaxLag()).isEqualTo(10_000);
        assertThat(settings.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void everyValueCanBeConfigured() {
        HttpSettings settings = HttpSettings.from(Settings.of(Map.of(
                "HTTP_PORT", "9000", "APPLICATION_SERVER", "app-2.internal:9000", "API_TOKEN", "t0ken",
                "HTTP_MAX_REQUEST_BYTES", "2048", "HTTP_FORWARD_CONNECT_TIMEOUT", "PT0.2S",
                "HTTP_FORWARD_TIMEOUT", "PT1S", "HTTP_STANDBY_MAX_LAG", "500", "HTTP_RETRY_AFTER_SECONDS", "3")));

        assertThat(settings).isEqualTo(new HttpSettings(9000, new Host("app-2.internal", 9000), "t0ken", 2048,
                Duration.ofMillis(200), Duration.ofSeconds(1), 500, 3));
        assertThat(settings.queryOptions().standbyMaxLag()).isEqualTo(500);
        assertThat(settings.toString()).doesNotContain("t0ken");
    }

    @Test
    void aBlankTokenMeansNoToken() {
        assertThat(HttpSettings.from(Settings.of(Map.of("API_TOKEN", "  "))).apiToken()).isNull();
    }

    @Test
    void badValuesAreConfigurationErrorsNamingTheSetting() {
        assertThatThrownBy(() -> HttpSettings.from(Settings.of(Map.of("HTTP_FORWARD_TIMEOUT", "2s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HTTP_FORWARD_TIMEOUT");
        assertThatThrownBy(() -> HttpSettings.from(Settings.of(Map.of("HTTP_STANDBY_MAX_LAG", "-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HTTP_STANDBY_MAX_LAG");
        assertThatThrownBy(() -> HttpSettings.from(Settings.of(Map.of("HTTP_MAX_REQUEST_BYTES", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HTTP_MAX_REQUEST_BYTES");
        assertThatThrownBy(() -> HttpSettings.from(Settings.of(Map.of("APPLICATION_SERVER", "no-port"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("APPLICATION_SERVER");
    }
}
