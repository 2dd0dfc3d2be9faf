package org.rfmstream.trainer;

import io.javalin.Javalin;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rfmstream.schemas.Json;

/** {@code /metrics} (Prometheus text) and {@code /health} for the long-running trainer, on its own port. */
public final class TrainerHttpServer implements AutoCloseable {

    private final Javalin app;
    private volatile TrainerRun.Result lastResult;
    private volatile Instant lastRunAt;
    private volatile Long lastPublishedVersion;

    public TrainerHttpServer(TrainerMetrics metrics, int port) {
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            config.routes.get("/health", ctx -> ctx.contentType("application/json").result(Json.toString(health())));
        }).start(port);
    }

    public int port() {
        return app.port();
    }

    public void record(TrainerRun.Result result, Long publishedVersion) {
        lastResult = result;
        lastRunAt = Instant.now();
        if (publishedVersion != null) {
            lastPublishedVersion = publishedVersion;
        }
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "UP");
        health.put("lastRunAt", lastRunAt);
        health.put("lastResult", lastResult == null ? null : lastResult.tag());
        health.put("lastPublishedVersion", lastPublishedVersion);
        return health;
    }

    @Override
    public void close() {
        app.stop();
    }
}
