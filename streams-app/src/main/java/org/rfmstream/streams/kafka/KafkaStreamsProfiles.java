package org.rfmstream.streams.kafka;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.streams.query.LocalCustomerStore;
import org.rfmstream.streams.query.StoreUnavailableException;

/**
 * Point reads of the profile store through Kafka Streams' interactive queries, for a
 * {@link LocalCustomerStore} to delegate {@link LocalCustomerStore#profile} and
 * {@link LocalCustomerStore#isQueryable} to. Active copies only, unless a standby is allowed
 * ({@code enableStaleStores()}).
 *
 * @param <V> the store's value type, turned into a profile by {@code toProfile(customerId, value)}
 */
public final class KafkaStreamsProfiles<V> {

    private final KafkaStreams streams;
    private final StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> active;
    private final StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> activeOrStandby;
    private final BiFunction<String, V, CustomerProfile> toProfile;

    public KafkaStreamsProfiles(KafkaStreams streams, String storeName,
                                BiFunction<String, V, CustomerProfile> toProfile) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.toProfile = Objects.requireNonNull(toProfile, "toProfile");
        this.active = StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore());
        this.activeOrStandby = active.enableStaleStores();
    }

    /** For a store whose values are the profiles themselves. */
    public static KafkaStreamsProfiles<CustomerProfile> of(KafkaStreams streams, String storeName) {
        return new KafkaStreamsProfiles<>(streams, storeName, (customerId, profile) -> profile);
    }

    /**
     * From the one partition's copy, so that a copy still restoring throws instead of answering "unknown".
     *
     * @throws StoreUnavailableException while the partition's copy migrates or restores
     */
    public Optional<CustomerProfile> profile(String customerId, int partition, boolean allowStandby) {
        try {
            V value = streams.store((allowStandby ? activeOrStandby : active).withPartition(partition))
                    .get(customerId);
            return value == null ? Optional.empty() : Optional.of(toProfile.apply(customerId, value));
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }

    public boolean isQueryable() {
        try {
            streams.store(active);
            return true;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }
}
