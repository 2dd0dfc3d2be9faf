package org.rfmstream.streams.http;

import java.time.Duration;
import org.rfmstream.schemas.config.ConfigException;
import org.rfmstream.schemas.config.Settings;
import org.apache.kafka.streams.state.HostInfo;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.QueryService;

/**
 * The HTTP server's configuration, read from the project's {@link Settings} (environment over file over
 * defaults).
 *
 * @param port              {@code HTTP_PORT}; 0 picks a free port
 * @param applicationServer {@code APPLICATION_SERVER}: how the other instances reach this one
 * @param apiToken          {@code API_TOKEN}: when set, {@code /api/*} and {@code /internal/*} need
 *                          {@code Authorization: Bearer <token>}; null for no check
 * @param maxRequestBytes   {@code HTTP_MAX_REQUEST_BYTES}: larger bodies get 413
 * @param connectTimeout    {@code HTTP_FORWARD_CONNECT_TIMEOUT}: connecting to another instance
 * @param forwardTimeout    {@code HTTP_FORWARD_TIMEOUT}: the whole answer of another instance
 * @param standbyMaxLag     {@code HTTP_STANDBY_MAX_LAG}: most records a standby may be behind to answer
 * @param retryAfterSeconds {@code HTTP_RETRY_AFTER_SECONDS}: the {@code Retry-After} of 503 answers
 */
public record HttpSettings(int port, Host applicationServer, String apiToken, long maxRequestBytes,
                           Duration connectTimeout, Duration forwardTimeout, long standbyMaxLag,
                           long retryAfterSeconds) {

    public static final String API_TOKEN = "API_TOKEN";
    public static final String HTTP_MAX_REQUEST_BYTES = "HTTP_MAX_REQUEST_BYTES";
    public static final String HTTP_FORWARD_CONNECT_TIMEOUT = "HTTP_FORWARD_CONNECT_TIMEOUT";
    public static final String HTTP_FORWARD_TIMEOUT = "HTTP_FORWARD_TIMEOUT";
    public static final String HTTP_STANDBY_MAX_LAG = "HTTP_STANDBY_MAX_LAG";
    public static final String HTTP_RETRY_AFTER_SECONDS = "HTTP_RETRY_AFTER_SECONDS";

    public static final long DEFAULT_MAX_REQUEST_BYTES = 16 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_FORWARD_TIMEOUT = Duration.ofSeconds(2);

    public HttpSettings {
        if (maxRequestBytes < 1) {
            throw new ConfigException(HTTP_MAX_REQUEST_BYTES + " must be at least 1, is " + maxRequestBytes + ".");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()
                || forwardTimeout.isNegative() || forwardTimeout.isZero()) {
            throw new ConfigException(HTTP_FORWARD_CONNECT_TIMEOUT + " and " + HTTP_FORWARD_TIMEOUT
                    + " must be positive durations.");
        }
        if (standbyMaxLag < 0) {
            throw new ConfigException(HTTP_STANDBY_MAX_LAG + " must not be negative, is " + standbyMaxLag + ".");
        }
        if (retryAfterSeconds < 1) {
            throw new ConfigException(HTTP_RETRY_AFTER_SECONDS + " must be at least 1, is " + retryAfterSeconds
                    + ".");
        }
        if (apiToken != null && apiToken.isBlank()) {
            apiToken = null;
        }
    }

    public static HttpSettings from(Settings settings) {
        return new HttpSettings(
                settings.httpPort(),
                host(HostInfo.buildFromEndpoint(settings.applicationServer())),
                settings.string(API_TOKEN, null),
                settings.longValue(HTTP_MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES),
                settings.duration(HTTP_FORWARD_CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT),
                settings.duration(HTTP_FORWARD_TIMEOUT, DEFAULT_FORWARD_TIMEOUT),
                settings.longValue(HTTP_STANDBY_MAX_LAG, QueryService.Options.DEFAULT_STANDBY_MAX_LAG),
                settings.longValue(HTTP_RETRY_AFTER_SECONDS, QueryService.Options.DEFAULT_RETRY_AFTER_SECONDS));
    }

    private static Host host(HostInfo info) {
        return new Host(info.host(), info.port());
    }

    public QueryService.Options queryOptions() {
        return new QueryService.Options(standbyMaxLag, retryAfterSeconds);
    }

    @Override
    public String toString() {
        // never print the token
        return "HttpSettings[port=" + port + ", applicationServer=" + applicationServer + ", apiToken="
                + (apiToken == null ? "none" : "set") + ", maxRequestBytes=" + maxRequestBytes + ", connectTimeout="
                + connectTimeout + ", forwardTimeout=" + forwardTimeout + ", standbyMaxLag=" + standbyMaxLag
                + ", retryAfterSeconds=" + retryAfterSeconds + "]";
    }
}
