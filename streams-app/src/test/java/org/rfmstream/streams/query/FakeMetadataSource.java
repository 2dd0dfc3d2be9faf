package org.rfmstream.streams.query;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;

/** Kafka Streams metadata as a test decides it: who owns which customer, who hosts the store, the state. */
public final class FakeMetadataSource implements MetadataSource {

    private final Host self;
    private volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;
    private final Map<String, KeyOwners> owners = new HashMap<>();
    private volatile KeyOwners defaultOwners;
    private volatile List<Host> activeHosts;
    private final Map<Integer, Long> localLags = new HashMap<>();
    private volatile SortedSet<Integer> allPartitions = new TreeSet<>(Set.of(0));
    private volatile int liveThreads = 1;

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

    /**
     * This instance holds a copy of the partition this far behind (a standby, or a restoring copy). Without it,
     * a partition whose owner is this instance has a caught-up copy (lag 0) and any other none.
     */
    public synchronized FakeMetadataSource localLag(int partition, long lag) {
        localLags.put(partition, lag);
        return this;
    }

    public FakeMetadataSource allPartitions(Integer... partitions) {
        this.allPartitions = new TreeSet<>(Set.of(partitions));
        return this;
    }

    public FakeMetadataSource liveStreamThreads(int threads) {
        this.liveThreads = threads;
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
    public synchronized OptionalLong localLag(int partition) {
        Long lag = localLags.get(partition);
        if (lag != null) {
            return OptionalLong.of(lag);
        }
        boolean owner = owners.values().stream().anyMatch(o -> o.partition() == partition && o.active().equals(self))
                || defaultOwners != null && defaultOwners.partition() == partition && defaultOwners.active().equals(self);
        return owner ? OptionalLong.of(0) : OptionalLong.empty();
    }

    @Override
    public SortedSet<Integer> allPartitions() {
        return allPartitions;
    }

    @Override
    public int liveStreamThreads() {
        return liveThreads;
    }
}
