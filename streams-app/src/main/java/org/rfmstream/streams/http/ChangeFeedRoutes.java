package org.rfmstream.streams.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.streams.live.ChangeBroadcaster;
import org.rfmstream.streams.live.ChangeSubscription;
import org.rfmstream.streams.live.EventSink;
import org.rfmstream.streams.live.FeedEvent;

/**
 * The live feed's HTTP routes:
 * <ul>
 *   <li>{@code GET /api/changes/stream} — Server-Sent Events, one event {@code segment-change} per change whose
 *       data is the SegmentChange JSON and whose id lets a reconnecting client resume ({@code Last-Event-ID});
 *       {@code ?replay=N} first sends the last N changes (default 0, at most the history size).</li>
 *   <li>{@code GET /api/changes/recent?limit=N} — the last N changes as a JSON array, newest first
 *       (default 50, 1 to the history size).</li>
 * </ul>
 * Each stream is written by its own virtual thread, so a slow client never holds up the feed or other clients.
 */
public final class ChangeFeedRoutes {

    public static final String STREAM_PATH = "/api/changes/stream";
    public static final String RECENT_PATH = "/api/changes/recent";
    public static final String EVENT_NAME = "segment-change";
    static final int DEFAULT_RECENT_LIMIT = 50;
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(15);

    private final ChangeBroadcaster broadcaster;
    private final Duration heartbeatEvery;
    private final AtomicLong streams = new AtomicLong();
    private final AtomicInteger openStreams = new AtomicInteger();

    ChangeFeedRoutes(ChangeBroadcaster broadcaster, Duration heartbeatEvery) {
        this.broadcaster = broadcaster;
        this.heartbeatEvery = heartbeatEvery;
    }

    /** Adds both routes, e.g. {@code Javalin.create(config -> ChangeFeedRoutes.register(config.routes, feed.broadcaster()))}. */
    public static ChangeFeedRoutes register(RoutesConfig routes, ChangeBroadcaster broadcaster) {
        return register(routes, broadcaster, HEARTBEAT_EVERY);
    }

    static ChangeFeedRoutes register(RoutesConfig routes, ChangeBroadcaster broadcaster, Duration heartbeatEvery) {
        ChangeFeedRoutes feedRoutes = new ChangeFeedRoutes(broadcaster, heartbeatEvery);
        routes.get(STREAM_PATH, feedRoutes::stream);
        routes.get(RECENT_PATH, feedRoutes::recent);
        return feedRoutes;
    }

    /** Event streams currently being written to clients. */
    public int openStreams() {
        return openStreams.get();
    }

    private void stream(Context ctx) throws Exception {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            error(ctx, 406, "not_acceptable", "This is a Server-Sent Events stream: ask with Accept: text/event-stream.");
            return;
        }
        Integer replay = intParam(ctx, "replay", 0, 0, broadcaster.historySize());
        if (replay == null) {
            return;
        }
        String lastEventId = ctx.header("Last-Event-ID");
        new SseHandler(client -> open(client, lastEventId, replay)).handle(ctx);
    }

    private void open(SseClient client, String lastEventId, int replay) {
        client.keepAlive();
        ChangeSubscription subscription = lastEventId == null
                ? broadcaster.subscribe(replay)
                : broadcaster.resume(lastEventId, replay);
        client.onClose(subscription::close);
        // A comment first, so the client sees the stream is open even before the first change.
        client.sendComment("segment changes");
        Thread.ofVirtual()
                .name("segment-change-stream-" + streams.incrementAndGet())
                .start(() -> {
                    openStreams.incrementAndGet();
                    try {
                        subscription.deliverTo(new SseSink(client), heartbeatEvery);
                    } finally {
                        openStreams.decrementAndGet();
                    }
                });
    }

    private void recent(Context ctx) {
        Integer limit = intParam(ctx, "limit", DEFAULT_RECENT_LIMIT, 1, broadcaster.historySize());
        if (limit == null) {
            return;
        }
        List<SegmentChange> changes = broadcaster.recent(limit).stream().map(FeedEvent::change).toList();
        ctx.contentType("application/json").result(Json.toString(changes));
    }

    /** The parameter within bounds, or null after answering 400. */
    private static Integer intParam(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Math.min(defaultValue, max);
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        error(ctx, 400, "bad_request", name + " must be a whole number from " + min + " to " + max + ", but is '"
                + raw + "'.");
        return null;
    }

    private static void error(Context ctx, int status, String error, String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        ctx.status(status).contentType("application/json").result(Json.toString(body));
    }

    /** Writes feed events to one Server-Sent Events connection. */
    private record SseSink(SseClient client) implements EventSink {

        @Override
        public boolean send(FeedEvent event) {
            client.sendEvent(EVENT_NAME, event.json(), event.id());
            return !client.terminated();
        }

        @Override
        public boolean heartbeat() {
            client.sendComment("heartbeat");
            return !client.terminated();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
