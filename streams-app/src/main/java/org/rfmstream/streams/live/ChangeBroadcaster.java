package org.rfmstream.streams.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentChange;

/**
 * Hands every segment change to every subscribed client and remembers the last few, so that a page opened now
 * shows recent history at once and a reconnecting client gets what it missed.
 *
 * <p>Publishing never waits for a client: each subscription has a bounded buffer, and a client whose buffer is
 * full is dropped. Thread-safe; one thread publishes, any number subscribe.
 */
public final class ChangeBroadcaster implements AutoCloseable {

    public static final int DEFAULT_HISTORY_SIZE = 200;
    public static final int DEFAULT_CLIENT_BUFFER = 256;

    private final int historySize;
    private final int clientBuffer;
    /** Distinguishes this process's event ids from those of an earlier run a browser may still hold. */
    private final String epoch;
    private final ArrayDeque<FeedEvent> history;
    private final Set<ChangeSubscription> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong droppedClients = new AtomicLong();
    private long lastSequence;
    private boolean closed;

    public ChangeBroadcaster(int historySize, int clientBuffer) {
        if (historySize < 1 || clientBuffer < 1) {
            throw new IllegalArgumentException("history size and client buffer must be at least 1, but are "
                    + historySize + " and " + clientBuffer);
        }
        this.historySize = historySize;
        this.clientBuffer = clientBuffer;
        this.epoch = Long.toString(System.currentTimeMillis(), 36);
        this.history = new ArrayDeque<>(historySize);
    }

    /** Records the change and queues it for every client; never blocks on a client. */
    public synchronized FeedEvent publish(SegmentChange change) {
        long sequence = ++lastSequence;
        FeedEvent event = new FeedEvent(epoch + "-" + sequence, sequence, change, Json.toString(change));
        if (history.size() == historySize) {
            history.removeFirst();
        }
        history.addLast(event);
        for (ChangeSubscription subscriber : subscribers) {
            if (!subscriber.offer(event)) {
                droppedClients.incrementAndGet();
            }
        }
        return event;
    }

    /**
     * Forgets every remembered change of an erased customer, so that neither a page opened later nor a
     * reconnecting client is shown them again; clients already connected are not sent anything about the erasure.
     *
     * @return how many remembered changes were dropped
     */
    public synchronized int forget(String customerId) {
        int before = history.size();
        history.removeIf(event -> customerId.equals(event.change().customerId()));
        return before - history.size();
    }

    /** The last {@code limit} changes, newest first. */
    public synchronized List<FeedEvent> recent(int limit) {
        List<FeedEvent> newestFirst = new ArrayList<>(Math.min(limit, history.size()));
        var iterator = history.descendingIterator();
        while (iterator.hasNext() && newestFirst.size() < limit) {
            newestFirst.add(iterator.next());
        }
        return newestFirst;
    }

    /** A new client that first receives the last {@code replay} changes (oldest first), then every new one. */
    public synchronized ChangeSubscription subscribe(int replay) {
        List<FeedEvent> backlog = new ArrayList<>(recent(Math.max(0, replay)));
        java.util.Collections.reverse(backlog);
        return register(backlog);
    }

    /**
     * A reconnecting client that last saw {@code lastEventId}: it receives what it missed, as far as the history
     * reaches. An id from another run of the process, or none, counts as a new client asking for {@code replay}.
     */
    public synchronized ChangeSubscription resume(String lastEventId, int replay) {
        long lastSeen = sequenceOf(lastEventId);
        if (lastSeen < 0 || lastSeen > lastSequence) {
            return subscribe(replay);
        }
        List<FeedEvent> missed = history.stream().filter(event -> event.sequence() > lastSeen).toList();
        return register(missed);
    }

    private ChangeSubscription register(List<FeedEvent> backlog) {
        ChangeSubscription subscription = new ChangeSubscription(clientBuffer, backlog, subscribers::remove);
        if (closed) {
            subscription.close();
        } else {
            subscribers.add(subscription);
        }
        return subscription;
    }

    private long sequenceOf(String eventId) {
        if (eventId == null || !eventId.startsWith(epoch + "-")) {
            return -1;
        }
        try {
            return Long.parseLong(eventId.substring(epoch.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** Clients dropped so far because they read too slowly. */
    public long droppedClients() {
        return droppedClients.get();
    }

    public int historySize() {
        return historySize;
    }

    /** Ends every subscription; later subscriptions end at once. */
    @Override
    public synchronized void close() {
        closed = true;
        List.copyOf(subscribers).forEach(ChangeSubscription::close);
    }
}
