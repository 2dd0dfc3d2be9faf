package org.rfmstream.streams.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rfmstream.streams.live.Changes.inactivity;
import static org.rfmstream.streams.live.Changes.purchase;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentChange;

class ChangeBroadcasterTest {

    @Test
    void aSubscriberReceivesEveryChangePublishedAfterItSubscribedInOrder() {
        var broadcaster = new ChangeBroadcaster(10, 10);
        broadcaster.publish(purchase("before", null, "loyal"));
        ChangeSubscription subscription = broadcaster.subscribe(0);

        broadcaster.publish(purchase("c1", "loyal", "champions"));
        broadcaster.publish(inactivity("c2", "champions", "at-risk"));

        assertThat(drain(subscription)).extracting(event -> event.change().customerId()).containsExactly("c1", "c2");
    }

    @Test
    void eachEventCarriesTheChangeAsJsonAndAnIdThatGrows() {
        var broadcaster = new ChangeBroadcaster(10, 10);
        FeedEvent first = broadcaster.publish(purchase("c1", "loyal", "champions"));
        FeedEvent second = broadcaster.publish(purchase("c2", null, "new-customers"));

        assertThat(Json.fromString(first.json(), SegmentChange.class)).isEqualTo(first.change());
        assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
        assertThat(first.id()).endsWith("-" + first.sequence()).isNotEqualTo(second.id());
    }

    @Test
    void anErasedCustomersChangesAreForgottenSoNoLaterClientSeesThem() {
        var broadcaster = new ChangeBroadcaster(10, 10);
        FeedEvent first = broadcaster.publish(purchase("c1", null, "loyal"));
        broadcaster.publish(purchase("c2", null, "loyal"));
        broadcaster.publish(inactivity("c1", "loyal", "at-risk"));

        assertThat(broadcaster.forget("c1")).isEqualTo(2);

        assertThat(broadcaster.recent(10)).extracting(event -> event.change().customerId()).containsExactly("c2");
        assertThat(drain(broadcaster.subscribe(10))).extracting(event -> event.change().customerId())
                .containsExactly("c2");
        assertThat(drain(broadcaster.resume(first.id(), 10))).extracting(event -> event.change().customerId())
                .containsExactly("c2");
    }

    @Test
    void recentGivesTheLastChangesNewestFirstAndForgetsBeyondTheHistorySize() {
        var broadcaster = new ChangeBroadcaster(3, 10);
        for (int i = 1; i <= 5; i++) {
            broadcaster.publish(purchase("c" + i, null, "loyal"));
        }

        assertThat(broadcaster.recent(10)).extracting(event -> event.change().customerId())
                .containsExactly("c5", "c4", "c3");
        assertThat(broadcaster.recent(2)).extracting(event -> event.change().customerId())
                .containsExactly("c5", "c4");
    }

    @Test
    void aNewSubscriberCanAskForTheLastFewChangesFirstOldestFirst() {
        var broadcaster = new ChangeBroadcaster(10, 10);
        for (int i = 1; i <= 4; i++) {
            broadcaster.publish(purchase("c" + i, null, "loyal"));
        }
        ChangeSubscription subscription = broadcaster.subscribe(2);
        broadcaster.publish(purchase("c5", null, "loyal"));

        assertThat(drain(subscription)).extracting(event -> event.change().customerId())
                .containsExactly("c3", "c4", "c5");
    }

    @Test
    void aSlowClientIsDroppedWhenItsBufferIsFullWhileOthersKeepReceiving() {
        var broadcaster = new ChangeBroadcaster(100, 3);
        ChangeSubscription slow = broadcaster.subscribe(0);
        ChangeSubscription attentive = broadcaster.subscribe(0);
        List<FeedEvent> receivedByAttentive = new ArrayList<>();

        for (int i = 1; i <= 10; i++) {
            broadcaster.publish(purchase("c" + i, null, "loyal"));
            receivedByAttentive.addAll(drain(attentive));
        }

        assertThat(slow.state()).isEqualTo(ChangeSubscription.State.DROPPED);
        assertThat(slow.backlog()).isZero();
        assertThat(attentive.isOpen()).isTrue();
        assertThat(receivedByAttentive).hasSize(10);
        assertThat(broadcaster.subscriberCount()).isEqualTo(1);
        assertThat(broadcaster.droppedClients()).isEqualTo(1);
    }

    @Test
    void aReconnectingClientGetsOnlyWhatItMissed() {
        var broadcaster = new ChangeBroadcaster(10, 10);
        FeedEvent lastSeen = null;
        for (int i = 1; i <= 3; i++) {
            lastSeen = broadcaster.publish(purchase("c" + i, null, "loyal"));
        }
        broadcaster.publish(purchase("c4", null, "loyal"));
        broadcaster.publish(purchase("c5", null, "loyal"));

        ChangeSubscription resumed = broadcaster.resume(lastSeen.id(), 0);

        assertThat(drain(resumed)).extracting(event -> event.change().customerId()).containsExactly("c4", "c5");
    }

    @Test
    void anIdFromAnotherRunOfTheServerCountsAsANewClient() {
        var broadcaster = new ChangeBroadcaster(10, 10);
        broadcaster.publish(purchase("c1", null, "loyal"));
        broadcaster.publish(purchase("c2", null, "loyal"));

        assertThat(drain(broadcaster.resume("otherepoch-1", 1))).extracting(event -> event.change().customerId())
                .containsExactly("c2");
        assertThat(drain(broadcaster.resume("garbage", 0))).isEmpty();
    }

    @Test
    void closingEndsEverySubscriptionAndRefusesNewOnes() {
        var broadcaster = new ChangeBroadcaster(10, 10);
        ChangeSubscription subscription = broadcaster.subscribe(0);

        broadcaster.close();

        assertThat(subscription.state()).isEqualTo(ChangeSubscription.State.CLOSED);
        assertThat(broadcaster.subscribe(0).isOpen()).isFalse();
        assertThat(broadcaster.subscriberCount()).isZero();
    }

    @Test
    void sizesMustBePositive() {
        assertThatThrownBy(() -> new ChangeBroadcaster(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChangeBroadcaster(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** What a client would receive now, without waiting. */
    private static List<FeedEvent> drain(ChangeSubscription subscription) {
        var received = new ArrayList<FeedEvent>();
        for (FeedEvent event = subscription.pollNow(); event != null; event = subscription.pollNow()) {
            received.add(event);
        }
        return received;
    }
}
