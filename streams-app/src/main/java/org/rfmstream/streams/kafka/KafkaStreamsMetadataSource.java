package org.rfmstream.streams.kafka;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.KeyOwners;
import org.rfmstream.streams.query.MetadataSource;

/**
 * {@link MetadataSource} over a running {@link KafkaStreams}: the owners of a key come from
 * {@code queryMetadataForKey} on the profile store, the instances from {@code streamsMetadataForStore}, and a
 * standby's lag from {@code allLocalStorePartitionLags}. Every instance must set {@code application.server} to
 * the same host:port it gives here as {@code self}.
 */
public final class KafkaStreamsMetadataSource implements MetadataSource {

    private final KafkaStreams streams;
    private final String storeName;
    private final Host self;
    private final Serializer<String> keySerializer = new StringSerializer();

    /**
     * @param storeName the store of customer profiles, keyed by customer id (UTF-8 string)
     * @param self      this instance's {@code application.server}
     */
    public KafkaStreamsMetadataSource(KafkaStreams streams, String storeName, Host self) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.self = Objects.requireNonNull(self, "self");
    }

    @Override
    public Host self() {
        return self;
    }

    @Override
    public String state() {
        return streams.state().name();
    }

    @Override
    public Optional<KeyOwners> ownersOf(String customerId) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(storeName, customerId, keySerializer);
        } catch (IllegalStateException | StreamsException e) {
            // not started yet, or shutting down: nobody can be named
            return Optional.empty();
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) || metadata.activeHost() == null
                || metadata.activeHost().equals(HostInfo.unavailable())) {
            return Optional.empty();
        }
        Set<Host> standbys = metadata.standbyHosts().stream()
                .map(KafkaStreamsMetadataSource::host)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return Optional.of(new KeyOwners(host(metadata.activeHost()), standbys, metadata.partition()));
    }

    @Override
    public List<Host> activeHosts() {
        try {
            return streams.streamsMetadataForStore(storeName).stream()
                    .filter(instance -> instance.stateStoreNames().contains(storeName))
                    .map(StreamsMetadata::hostInfo)
                    .map(KafkaStreamsMetadataSource::host)
                    .distinct()
                    .toList();
        } catch (IllegalStateException | StreamsException e) {
            return List.of();
        }
    }

    @Override
    public OptionalLong standbyLag(int partition) {
        Map<String, Map<Integer, LagInfo>> lags;
        try {
            lags = streams.allLocalStorePartitionLags();
        } catch (IllegalStateException | StreamsException e) {
            return OptionalLong.empty();
        }
        LagInfo lag = lags.getOrDefault(storeName, Map.of()).get(partition);
        return lag == null ? OptionalLong.empty() : OptionalLong.of(lag.offsetLag());
    }

    private static Host host(HostInfo info) {
        return new Host(info.host(), info.port());
    }
}
