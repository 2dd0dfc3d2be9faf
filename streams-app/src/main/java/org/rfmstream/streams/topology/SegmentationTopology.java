package org.rfmstream.streams.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.SegmentChange;
import org.rfmstream.schemas.TransactionValidator;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.streams.config.SegmentationOptions;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.state.CustomerEvent;
import org.rfmstream.streams.state.CustomerInput;
import org.rfmstream.streams.state.CustomerState;
import org.rfmstream.streams.state.SegmentStats;
import org.rfmstream.streams.state.StoreNames;

/**
 * The segmentation topology, buildable and testable without a broker:
 *
 * <pre>
 * transactions (bytes) ─ validate ─┬─ refused ────────────────────────────────────────> transactions-dlq
 *                                  ├─ keyed by customer ───────────────┐
 *                                  └─ other key ─ repartition by id ───┼─ segmentation ─┬─> segment-changes
 * customer-erasures ─ read ─┬─ erasure ────────────────────────────────┘    (stores)    └─> customer-profiles
 *                           └─ refused ───────────────────────────────────────────────────> transactions-dlq
 * segment-models ─ validate ─> global model store (read by segmentation)
 * </pre>
 *
 * Records already keyed by their customer id go straight to the segmentation and pay no repartition cost. Erasure
 * requests are keyed by the customer id too, on a topic with as many partitions as {@code transactions}, so each
 * reaches the task that holds its customer and is processed there like a transaction, exactly once.
 */
public final class SegmentationTopology {

    /** The re-keying topic is {@code <application.id>-transactions-by-customer-repartition}. */
    public static final String REKEY_TOPIC = "transactions-by-customer";

    private SegmentationTopology() {
    }

    public static Topology build(SegmentationOptions options, SegmentationMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, options, metrics);
        return builder.build();
    }

    public static void addTo(StreamsBuilder builder, SegmentationOptions options, SegmentationMetrics metrics) {
        addTo(builder, options, metrics, Stores::persistentKeyValueStore);
    }

    /** @param persistentStores the supplier of each logged store, by name: RocksDB outside tests */
    static Topology build(SegmentationOptions options, SegmentationMetrics metrics,
                          Function<String, KeyValueBytesStoreSupplier> persistentStores) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, options, metrics, persistentStores);
        return builder.build();
    }

    private static void addTo(StreamsBuilder builder, SegmentationOptions options, SegmentationMetrics metrics,
                              Function<String, KeyValueBytesStoreSupplier> persistentStores) {
        TopicNames topics = options.topics();
        TransactionValidator validator = new TransactionValidator(options.maxFutureSkew(),
                TransactionValidator.DEFAULT_MAX_BYTES);

        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.MODEL), Serdes.String(),
                        org.rfmstream.schemas.Serdes.segmentModel()).withLoggingDisabled(),
                topics.segmentModels(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("segment-models-source"),
                () -> new ModelUpdateProcessor(metrics));
        // The record cache pays where writes to a key repeat within a commit (the profiles).
        builder.addStateStore(cachedStore(persistentStores.apply(StoreNames.PROFILES), Serdes.String(),
                CustomerState.serde()));
        // Segment totals and the membership index are derived from the profiles and rebuilt when a task starts:
        // in memory, without a changelog, so a segment change costs no RocksDB write and no changelog record.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.SEGMENT_STATS),
                Serdes.String(), SegmentStats.serde()).withLoggingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.SEGMENT_MEMBERS),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.MARKETING_TOTALS),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled());
        builder.addStateStore(cachedStore(persistentStores.apply(StoreNames.PROGRESS), Serdes.String(),
                Serdes.String()));

        Map<String, KStream<String, Ingested>> ingested = builder
                .stream(topics.transactions(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("transactions-source"))
                .process(() -> new IngestProcessor(validator, metrics), Named.as("validate"))
                .split(Named.as("ingest-"))
                .branch((key, value) -> value instanceof Ingested.Rejected, Branched.as("refused"))
                .branch((key, value) -> ((Ingested.Accepted) value).keyedByCustomer(), Branched.as("keyed"))
                .defaultBranch(Branched.as("rekey"));

        ingested.get("ingest-refused")
                .map((key, value) -> KeyValue.pair(((Ingested.Rejected) value).rawKey(),
                        ((Ingested.Rejected) value).rawValue()), Named.as("refused-original-bytes"))
                .to(topics.transactionsDlq(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("transactions-dlq-sink"));

        KStream<String, CustomerEvent> keyed = ingested.get("ingest-keyed")
                .mapValues(value -> ((Ingested.Accepted) value).event(), Named.as("keyed-events"));
        KStream<String, CustomerEvent> rekeyed = ingested.get("ingest-rekey")
                .mapValues(value -> ((Ingested.Accepted) value).event(), Named.as("rekey-events"))
                .repartition(Repartitioned.with(Serdes.String(), CustomerEvent.serde()).withName(REKEY_TOPIC));

        Map<String, KStream<String, Object>> erasureRequests = builder
                .stream(topics.customerErasures(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("customer-erasures-source"))
                .process(() -> new ErasureIngestProcessor(metrics), Named.as("read-erasures"))
                .split(Named.as("erasure-"))
                .branch((key, value) -> value instanceof Ingested.Rejected, Branched.as("refused"))
                .defaultBranch(Branched.as("accepted"));
        erasureRequests.get("erasure-refused")
                .map((key, value) -> KeyValue.pair(((Ingested.Rejected) value).rawKey(),
                        ((Ingested.Rejected) value).rawValue()), Named.as("refused-erasure-original-bytes"))
                .to(topics.transactionsDlq(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("erasures-dlq-sink"));

        Map<String, KStream<String, Object>> outputs = asInput(keyed)
                .merge(asInput(rekeyed), Named.as("customer-events"))
                .merge(asInput(erasureRequests.get("erasure-accepted")), Named.as("customer-inputs"))
                .process(() -> new SegmentationProcessor(options, metrics), Named.as("segmentation"),
                        StoreNames.PROFILES, StoreNames.SEGMENT_STATS,
                        StoreNames.SEGMENT_MEMBERS, StoreNames.MARKETING_TOTALS, StoreNames.PROGRESS)
                .split(Named.as("output-"))
                .branch((key, value) -> value instanceof SegmentChange, Branched.as("changes"))
                .branch((key, value) -> value instanceof CustomerProfile || value == ProfileTombstone.INSTANCE,
                        Branched.as("profiles"))
                .noDefaultBranch();
        outputs.get("output-changes").to(topics.segmentChanges(),
                Produced.with(Serdes.String(), json()).withName("segment-changes-sink"));
        outputs.get("output-profiles").to(topics.customerProfiles(),
                Produced.with(Serdes.String(), json()).withName("customer-profiles-sink"));
    }

    /**
     * The segmentation reads {@link CustomerInput}s; a stream of one kind of input is a stream of inputs (streams
     * are only read), which Java's invariant generics cannot say without this cast.
     */
    @SuppressWarnings("unchecked")
    private static KStream<String, CustomerInput> asInput(KStream<String, ? extends Object> stream) {
        return (KStream<String, CustomerInput>) (KStream<String, ?>) stream;
    }

    private static <K, V> StoreBuilder<?> cachedStore(KeyValueBytesStoreSupplier supplier, Serde<K> keySerde,
                                                      Serde<V> valueSerde) {
        StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(supplier, keySerde, valueSerde);
        return builder.withCachingEnabled();
    }

    /**
     * The contract's JSON for whichever record the segmentation emits (both output types are records), written by
     * writers bound to their type once, so no serializer is looked up per record. {@link ProfileTombstone} is written
     * as no value at all: a tombstone, which compaction turns into the customer's absence.
     */
    private static Serde<Object> json() {
        ObjectWriter profiles = Json.mapper().writerFor(CustomerProfile.class);
        ObjectWriter changes = Json.mapper().writerFor(SegmentChange.class);
        return Serdes.serdeFrom((Serializer<Object>) (topic, value) -> {
            if (value == null || value == ProfileTombstone.INSTANCE) {
                return null;
            }
            try {
                return (value instanceof CustomerProfile ? profiles : changes).writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
            }
        }, (topic, bytes) -> {
            throw new UnsupportedOperationException("output-only serde");
        });
    }

}
