package org.rfmstream.ops.replay;

import java.util.concurrent.locks.LockSupport;

/** Spaces events evenly at a given rate; a rate of 0 or less means as fast as possible. */
final class RatePacer {

    private final long nanosPerEvent;
    private long start = -1;
    private long events;

    RatePacer(double eventsPerSecond) {
        this.nanosPerEvent = eventsPerSecond > 0 ? Math.max(1, Math.round(1_000_000_000d / eventsPerSecond)) : 0;
    }

    /** Waits until the next event is due. */
    void awaitNext() {
        if (nanosPerEvent == 0) {
            return;
        }
        long now = System.nanoTime();
        if (start < 0) {
            start = now;
        }
        long due = start + events * nanosPerEvent;
        events++;
        while (now < due) {
            LockSupport.parkNanos(due - now);
            now = System.nanoTime();
        }
    }
}
