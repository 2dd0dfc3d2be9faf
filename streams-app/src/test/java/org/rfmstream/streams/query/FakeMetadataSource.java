package org.rfmstream.streams.query;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;

/** Kafka Streams metadata as a test decides it: who owns which customer, who hosts the store, the state. */
public final class FakeMetadataSource implements MetadataSource {

    private final Host self;
    private volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;
    private final Map<String, KeyOwners> owners = new HashMap<>();
    private volatile KeyOwners defaultOwners;
    private volatile List<Host> activeHosts;
    private final Map<Integer, Long> standbyLags = new HashMap<>();

    public FakeMetadataSource(Host self) {
        this.self = self;
        this.defaultOwners = new KeyOwners(self, Set.of(), 0);
        this.activeHosts = List.of(self);
    }

    public FakeMetadataSource state(KafkaStreams.State state) {
        this.state = state;
        return this;
    }

    public synchronized FakeMetadataSource owns(String customerId, Host active, Set<Host> standbys, int partition) {
        owners.put(customerId, new KeyOwners(active, standbys, partition));
        return this;
    }

    /** Every customer without its own entry belongs to this owner; null means NOT_AVAILABLE. */
    public FakeMetadataSource everyoneOwnedBy(KeyOwners owners) {
        this.defaultOwners = owners;
        return this;
    }

    public FakeMetadataSource activeHosts(Host... hosts) {
        this.activeHosts = List.of(hosts);
        return this;
    }

    public synchronized FakeMetadataSource standbyLag(int partition, long lag) {
        standbyLags.put(partition, lag);
        return this;
    }

    @Override
    public Host self() {
        return self;
    }

    @Override
    public String state() {
        return state.name();
    }

    @Override
    public synchronized Optional<KeyOwners> ownersOf(String customerId) {
        return Optional.ofNullable(owners.getOrDefault(customerId, defaultOwners));
    }

    @Override
    public List<Host> activeHosts() {
        return activeHosts;
    }

    @Override
    public synchronized OptionalLong standbyLag(int partition) {
        Long lag = standbyLags.get(partition);
        return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
    }
}
