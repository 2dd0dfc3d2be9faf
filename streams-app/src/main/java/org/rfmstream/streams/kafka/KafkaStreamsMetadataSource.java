package org.rfmstream.streams.kafka;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.KeyOwners;
import org.rfmstream.streams.query.MetadataSource;

/**
 * {@link MetadataSource} over a running {@link KafkaStreams}: the owners of a key come from
 * {@code queryMetadataForKey} on the profile store, the instances from {@code streamsMetadataForStore}, and the
 * lag of the local copies from {@code allLocalStorePartitionLags}. Every instance must set
 * {@code application.server} to the same host:port it gives here as {@code self}.
 */
public final class KafkaStreamsMetadataSource implements MetadataSource {

    /** {@code allLocalStorePartitionLags} asks the brokers for end offsets: at most this often, in the background. */
    static final Duration LAG_REFRESH = Duration.ofSeconds(1);

    private final KafkaStreams streams;
    private final String storeName;
    private final Host self;
    private final Serializer<String> keySerializer = new StringSerializer();
    private volatile Lags lags;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong lastFetchOnMiss = new AtomicLong(System.nanoTime() - 2 * LAG_REFRESH.toNanos());
    /** One thread at most, gone when idle, so that an instance that is no longer asked costs nothing. */
    private final ThreadPoolExecutor refresher = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "store-lag-refresh");
                thread.setDaemon(true);
                return thread;
            });

    /**
     * @param storeName the store of customer profiles, keyed by customer id (UTF-8 string)
     * @param self      this instance's {@code application.server}
     */
    public KafkaStreamsMetadataSource(KafkaStreams streams, String storeName, Host self) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.self = Objects.requireNonNull(self, "self");
        this.lags = new Lags(Map.of(), System.nanoTime() - 2 * LAG_REFRESH.toNanos());
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
    public SortedSet<Integer> allPartitions() {
        SortedSet<Integer> partitions = new TreeSet<>();
        try {
            // the store's task partitions are those of its subtopology's (co-partitioned) input topics
            streams.streamsMetadataForStore(storeName).forEach(instance ->
                    instance.topicPartitions().forEach(partition -> partitions.add(partition.partition())));
        } catch (IllegalStateException | StreamsException e) {
            return new TreeSet<>();
        }
        return partitions;
    }

    @Override
    public OptionalLong localLag(int partition) {
        LagInfo lag = currentLags().get(partition);
        if (lag == null) {
            // Lags are fetched only when asked, so the last fetch may predate this instance's assignment (the first
            // lookups after start-up or a rebalance): fetch now, at most once per LAG_REFRESH.
            lag = lagsFetchedOnMiss().get(partition);
        }
        return lag == null ? OptionalLong.empty() : OptionalLong.of(Math.max(0, lag.offsetLag()));
    }

    private Map<Integer, LagInfo> lagsFetchedOnMiss() {
        long now = System.nanoTime();
        long last = lastFetchOnMiss.get();
        if (now - last >= LAG_REFRESH.toNanos() && lastFetchOnMiss.compareAndSet(last, now)) {
            try {
                lags = new Lags(Map.copyOf(streams.allLocalStorePartitionLags().getOrDefault(storeName, Map.of())),
                        System.nanoTime());
            } catch (IllegalStateException | KafkaException e) {
                // not started, stopping, or the brokers did not answer in time: the copy counts as absent
            }
        }
        return lags.byPartition();
    }

    @Override
    public int liveStreamThreads() {
        int live = 0;
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            String state = thread.threadState();
            if (!"DEAD".equals(state) && !"PENDING_SHUTDOWN".equals(state)) {
                live++;
            }
        }
        return live;
    }

    /**
     * The last lags fetched, never waiting for the brokers: when they are older than {@link #LAG_REFRESH}, one
     * background fetch is started and this answer still uses the previous ones (none before the first fetch).
     */
    private Map<Integer, LagInfo> currentLags() {
        Lags current = lags;
        boolean old = System.nanoTime() - current.fetchedAt() >= LAG_REFRESH.toNanos();
        if (old && refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(this::refreshLags);
            } catch (RejectedExecutionException e) {
                refreshing.set(false);
            }
        }
        return current.byPartition();
    }

    private void refreshLags() {
        try {
            lags = new Lags(Map.copyOf(streams.allLocalStorePartitionLags().getOrDefault(storeName, Map.of())),
                    System.nanoTime());
        } catch (IllegalStateException | KafkaException e) {
            // not started, stopping, or the brokers did not answer in time: keep the last lags, try again later
            lags = new Lags(lags.byPartition(), System.nanoTime());
        } finally {
            refreshing.set(false);
        }
    }

    private record Lags(Map<Integer, LagInfo> byPartition, long fetchedAt) {
    }

    private static Host host(HostInfo info) {
        return new Host(info.host(), info.port());
    }
}
