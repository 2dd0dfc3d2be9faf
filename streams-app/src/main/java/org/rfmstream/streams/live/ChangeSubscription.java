package org.rfmstream.streams.live;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One client's place in the feed: a bounded queue between the broadcaster (which must never wait) and the
 * thread that writes to the client (which may be slow). When the queue is full the client is dropped, not
 * waited for; a browser's EventSource then reconnects with its Last-Event-ID and catches up from the history.
 */
public final class ChangeSubscription implements AutoCloseable {

    /** Why delivery to a client ended. */
    public enum State {
        OPEN,
        /** The client read too slowly and its buffer filled up. */
        DROPPED,
        /** The client or the server closed the stream. */
        CLOSED
    }

    /** Wakes the delivering thread when the subscription ends; never sent to a client. */
    private static final FeedEvent END = new FeedEvent("end", -1, null, null);

    private final LinkedBlockingQueue<FeedEvent> queue;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final Consumer<ChangeSubscription> onEnd;

    ChangeSubscription(int capacity, Collection<FeedEvent> backlog, Consumer<ChangeSubscription> onEnd) {
        // one spare slot so the END marker always fits
        this.queue = new LinkedBlockingQueue<>(capacity + 1);
        this.onEnd = onEnd;
        backlog.stream().skip(Math.max(0, backlog.size() - capacity)).forEach(queue::offer);
    }

    /** Queues the event without waiting; false (and the subscription is dropped) when the client is too far behind. */
    boolean offer(FeedEvent event) {
        if (state.get() != State.OPEN) {
            return false;
        }
        if (queue.remainingCapacity() > 1 && queue.offer(event)) {
            return true;
        }
        end(State.DROPPED);
        return false;
    }

    public State state() {
        return state.get();
    }

    public boolean isOpen() {
        return state.get() == State.OPEN;
    }

    /** How many events wait to be written to the client. */
    public int backlog() {
        return (int) queue.stream().filter(event -> event != END).count();
    }

    /** The next queued event without waiting; null when none is queued or the subscription ended. */
    FeedEvent pollNow() {
        FeedEvent event = queue.poll();
        return event == END ? null : event;
    }

    /**
     * Writes queued events to the sink until the subscription ends or the client goes away, sending a heartbeat
     * whenever nothing happened for {@code heartbeatEvery}. Runs on the client's own thread; closes the sink.
     */
    public void deliverTo(EventSink sink, Duration heartbeatEvery) {
        try {
            while (isOpen()) {
                FeedEvent event = queue.poll(heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS);
                boolean clientStillThere;
                if (event == END || !isOpen()) {
                    break;
                } else if (event == null) {
                    clientStillThere = sink.heartbeat();
                } else {
                    clientStillThere = sink.send(event);
                }
                if (!clientStillThere) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            sink.close();
        }
    }

    /** Ends the subscription (idempotent): the broadcaster forgets it and the delivering thread stops. */
    @Override
    public void close() {
        end(State.CLOSED);
    }

    private void end(State reason) {
        if (state.compareAndSet(State.OPEN, reason)) {
            queue.clear();
            queue.offer(END);
            onEnd.accept(this);
        }
    }
}
