package org.rfmstream.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {

    private static final Instant START = Instant.parse("2026-12-06T09:00:00Z");
    private final IllegalStateException failure = new IllegalStateException("boom");

    private static ThreadFailurePolicy policy(Clock clock) {
        return new ThreadFailurePolicy(3, Duration.ofMinutes(10), clock);
    }

    @Test
    void replacesAFailedThreadUntilTheLimitIsReachedWithinTheWindowThenShutsTheClientDown() {
        ThreadFailurePolicy policy = policy(Clock.fixed(START, ZoneOffset.UTC));

        assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void forgetsFailuresOlderThanTheWindow() {
        MutableClock clock = new MutableClock(START);
        ThreadFailurePolicy policy = policy(clock);

        policy.handle(failure);
        clock.now = START.plus(Duration.ofMinutes(6));
        policy.handle(failure);
        clock.now = START.plus(Duration.ofMinutes(10));

        assertThat(policy.handle(failure)).as("the first failure is 10 minutes old: out of the window")
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        clock.now = START.plus(Duration.ofMinutes(11));
        assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
