package org.rfmstream.streams.errors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies: replace it, unless threads have already failed {@code limit} times within
 * {@code window}; then shut the client down (Streams goes to ERROR, {@code /health} reports DOWN and the
 * orchestrator restarts the process) instead of replacing threads forever on a failure that repeats.
 */
public final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> failures = new ArrayDeque<>();

    /** @param limit the failures within {@code window} that shut the client down (at least 1) */
    public ThreadFailurePolicy(int limit, Duration window, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.limit = limit;
        this.window = window;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        failures.addLast(now);
        while (!failures.isEmpty() && !failures.peekFirst().isAfter(now.minus(window))) {
            failures.removeFirst();
        }
        if (failures.size() >= limit) {
            LOG.error("A stream thread failed, the {}th time within {}: shutting Kafka Streams down so that the "
                    + "process is restarted", failures.size(), window, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("A stream thread failed ({} of {} allowed within {}); replacing it", failures.size(), limit - 1,
                window, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
