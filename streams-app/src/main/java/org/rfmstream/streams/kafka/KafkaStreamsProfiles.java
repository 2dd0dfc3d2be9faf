package org.rfmstream.streams.kafka;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.streams.query.LocalCustomerStore;
import org.rfmstream.streams.query.StoreUnavailableException;

/**
 * Customer profiles read from a key-value store of a running {@link KafkaStreams}, one partition at a time, with
 * interactive queries v2 and without {@code requireActive()}: any local copy answers (active, restoring or
 * standby), also while the stream thread rebalances, where IQv1 fails unless stale stores are enabled.
 *
 * @param <V> the store's value type, turned into a profile by {@code toProfile(customerId, value)}
 */
public final class KafkaStreamsProfiles<V> {

    private final KafkaStreams streams;
    private final String storeName;
    private final StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> active;
    private final BiFunction<String, V, CustomerProfile> toProfile;

    public KafkaStreamsProfiles(KafkaStreams streams, String storeName,
                                BiFunction<String, V, CustomerProfile> toProfile) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.toProfile = Objects.requireNonNull(toProfile, "toProfile");
        this.active = StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore());
    }

    /** For a store whose values are the profiles themselves. */
    public static KafkaStreamsProfiles<CustomerProfile> of(KafkaStreams streams, String storeName) {
        return new KafkaStreamsProfiles<>(streams, storeName, (customerId, profile) -> profile);
    }

    /**
     * From this instance's copy of the one partition, whichever kind it is.
     *
     * @throws StoreUnavailableException if this instance holds no readable copy of the partition right now
     */
    public Optional<CustomerProfile> profile(String customerId, int partition) {
        StateQueryRequest<V> request = StateQueryRequest.inStore(storeName)
                .withQuery(KeyQuery.<String, V>withKey(customerId))
                .withPartitions(Set.of(partition));
        StateQueryResult<V> result;
        try {
            result = streams.query(request);
        } catch (IllegalStateException | KafkaException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
        QueryResult<V> answer = result.getPartitionResults().get(partition);
        if (answer == null || answer.isFailure()) {
            throw new StoreUnavailableException(answer == null ? "no copy of partition " + partition + " here"
                    : answer.getFailureReason() + ": " + answer.getFailureMessage());
        }
        V value = answer.getResult();
        return value == null ? Optional.empty() : Optional.of(toProfile.apply(customerId, value));
    }

    /** Whether the active copies can be read with Kafka Streams' usual guarantees (for readiness). */
    public boolean isQueryable() {
        try {
            streams.store(active);
            return true;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }
}
