package org.rfmstream.trainer;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SerializationException;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.JsonSerde;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.trainer.model.CustomerFeatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The latest profile of every customer, read from the compacted {@code customer-profiles} topic. */
public final class KafkaProfileSource implements ProfileSource {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProfileSource.class);

    private final Properties kafka;
    private final String topic;
    private final Duration stallTimeout;
    private final boolean progress;
    private final MeterRegistry registry;

    public KafkaProfileSource(Properties kafka, String topic, Duration stallTimeout, boolean progress) {
        this(kafka, topic, stallTimeout, progress, null);
    }

    /** @param registry where the reading consumer's own metrics are bound while it reads; null for none */
    public KafkaProfileSource(Properties kafka, String topic, Duration stallTimeout, boolean progress,
                              MeterRegistry registry) {
        this.kafka = kafka;
        this.topic = topic;
        this.stallTimeout = stallTimeout;
        this.progress = progress;
        this.registry = registry;
    }

    @Override
    public ProfileSnapshot read() {
        JsonSerde<CustomerProfile> serde = Serdes.customerProfile();
        // the topic may not be compacted yet: later records replace earlier ones, tombstones delete
        Map<String, CustomerFeatures> latest = new HashMap<>();
        AtomicLong tombstones = new AtomicLong();
        AtomicLong unreadable = new AtomicLong();
        long records = TopicSnapshot.read(kafka, topic, stallTimeout, progress, registry, record -> {
            if (record.value() == null) {
                if (record.key() != null) {
                    latest.remove(record.key());
                }
                tombstones.incrementAndGet();
                return;
            }
            CustomerProfile profile;
            try {
                profile = serde.deserialize(topic, record.value());
            } catch (SerializationException e) {
                unreadable.incrementAndGet();
                LOG.warn("skipping unreadable profile at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                return;
            }
            String key = record.key() != null ? record.key() : profile.customerId();
            if (key == null) {
                unreadable.incrementAndGet();
                LOG.warn("skipping profile without customer id at {}-{}@{}", record.topic(), record.partition(),
                        record.offset());
                return;
            }
            CustomerFeatures features = CustomerFeatures.of(profile);
            if (features == null) {
                latest.put(key, null);
            } else {
                latest.put(key, features.customerId().equals(key) ? features : features.withCustomerId(key));
            }
        });
        long withoutPurchases = latest.values().stream().filter(f -> f == null).count();
        latest.values().removeIf(f -> f == null);
        LOG.info("read {} records from {}: {} customers with purchases", records, topic, latest.size());
        return new ProfileSnapshot(latest.values(), records, tombstones.get(), unreadable.get(), withoutPurchases);
    }
}
