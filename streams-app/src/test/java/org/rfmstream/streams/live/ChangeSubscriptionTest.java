package org.rfmstream.streams.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rfmstream.streams.live.Changes.purchase;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChangeSubscriptionTest {

    private final ChangeBroadcaster broadcaster = new ChangeBroadcaster(50, 5);

    @Test
    void deliversQueuedAndNewChangesToTheClientInOrder() {
        broadcaster.publish(purchase("c1", null, "loyal"));
        ChangeSubscription subscription = broadcaster.subscribe(1);
        var client = new RecordingSink();
        Thread delivery = Thread.ofVirtual().start(() -> subscription.deliverTo(client, Duration.ofSeconds(30)));

        broadcaster.publish(purchase("c2", "loyal", "champions"));

        await().atMost(Duration.ofSeconds(5)).until(() -> client.received.size() == 2);
        assertThat(client.received).extracting(event -> event.change().customerId()).containsExactly("c1", "c2");
        subscription.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !delivery.isAlive());
        assertThat(client.closed).isTrue();
    }

    @Test
    void sendsHeartbeatsWhileNothingHappens() {
        ChangeSubscription subscription = broadcaster.subscribe(0);
        var client = new RecordingSink();
        Thread.ofVirtual().start(() -> subscription.deliverTo(client, Duration.ofMillis(20)));

        await().atMost(Duration.ofSeconds(5)).until(() -> client.heartbeats.get() >= 2);
        subscription.close();
    }

    @Test
    void aClientThatWentAwayIsForgottenAndItsConnectionClosed() {
        ChangeSubscription subscription = broadcaster.subscribe(0);
        var client = new RecordingSink();
        client.gone.set(true);
        Thread delivery = Thread.ofVirtual().start(() -> subscription.deliverTo(client, Duration.ofSeconds(30)));

        broadcaster.publish(purchase("c1", null, "loyal"));

        await().atMost(Duration.ofSeconds(5)).until(() -> !delivery.isAlive());
        assertThat(client.closed).isTrue();
        assertThat(subscription.state()).isEqualTo(ChangeSubscription.State.CLOSED);
        assertThat(broadcaster.subscriberCount()).isZero();
    }

    @Test
    void aClientStuckInAWriteNeverHoldsUpThePublisherAndIsDroppedWhenFarBehind() throws InterruptedException {
        ChangeSubscription stuck = broadcaster.subscribe(0);
        var stuckClient = new RecordingSink();
        stuckClient.blockWrites = new CountDownLatch(1);
        Thread delivery = Thread.ofVirtual().start(() -> stuck.deliverTo(stuckClient, Duration.ofSeconds(30)));
        ChangeSubscription other = broadcaster.subscribe(0);

        for (int i = 1; i <= 20; i++) {
            broadcaster.publish(purchase("c" + i, null, "loyal"));
        }

        assertThat(stuck.state()).isEqualTo(ChangeSubscription.State.DROPPED);
        assertThat(other.isOpen()).isFalse(); // nobody reads "other" either: it is dropped the same way
        assertThat(broadcaster.droppedClients()).isEqualTo(2);
        stuckClient.blockWrites.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> !delivery.isAlive());
        assertThat(stuckClient.closed).isTrue();
        assertThat(stuckClient.received).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void closingTheBroadcasterEndsDelivery() {
        ChangeSubscription subscription = broadcaster.subscribe(0);
        var client = new RecordingSink();
        Thread delivery = Thread.ofVirtual().start(() -> subscription.deliverTo(client, Duration.ofSeconds(30)));

        broadcaster.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> !delivery.isAlive());
        assertThat(client.closed).isTrue();
    }

    static final class RecordingSink implements EventSink {
        final List<FeedEvent> received = new CopyOnWriteArrayList<>();
        final AtomicInteger heartbeats = new AtomicInteger();
        final AtomicBoolean gone = new AtomicBoolean();
        volatile CountDownLatch blockWrites;
        volatile boolean closed;

        @Override
        public boolean send(FeedEvent event) {
            if (blockWrites != null) {
                try {
                    blockWrites.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            received.add(event);
            return !gone.get();
        }

        @Override
        public boolean heartbeat() {
            heartbeats.incrementAndGet();
            return !gone.get();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
