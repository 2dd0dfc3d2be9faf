package org.rfmstream.trainer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rfmstream.schemas.JsonSerde;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted {@code segment-models} topic, keyed by model name: the latest valid value is the model in force.
 * Publishing uses an idempotent producer with {@code acks=all} and waits for the broker's acknowledgement.
 */
public final class KafkaModelStore implements ModelStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaModelStore.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private final Properties kafka;
    private final String topic;
    private final String modelName;
    private final Duration stallTimeout;
    private final MeterRegistry registry;

    public KafkaModelStore(Properties kafka, String topic, String modelName, Duration stallTimeout) {
        this(kafka, topic, modelName, stallTimeout, null);
    }

    /** @param registry where its consumer's and producer's own metrics are bound while they run; null for none */
    public KafkaModelStore(Properties kafka, String topic, String modelName, Duration stallTimeout,
                           MeterRegistry registry) {
        this.kafka = kafka;
        this.topic = topic;
        this.modelName = modelName;
        this.stallTimeout = stallTimeout;
        this.registry = registry;
    }

    @Override
    public Latest latest() {
        JsonSerde<SegmentModel> serde = Serdes.segmentModel();
        Latest[] latest = {Latest.NONE};
        TopicSnapshot.read(kafka, topic, stallTimeout, false, registry, record -> {
            if (!modelName.equals(record.key())) {
                return;
            }
            long maxVersion = latest[0].maxVersion();
            if (record.value() == null) {
                latest[0] = new Latest(null, maxVersion);
                return;
            }
            SegmentModel model;
            try {
                model = serde.deserialize(topic, record.value());
            } catch (SerializationException e) {
                LOG.warn("ignoring unreadable model at {}-{}@{}", record.topic(), record.partition(), record.offset());
                return;
            }
            maxVersion = Math.max(maxVersion, model.version());
            List<String> problems = ModelValidation.problems(model);
            if (problems.isEmpty()) {
                latest[0] = new Latest(model, maxVersion);
            } else {
                LOG.warn("ignoring invalid model v{} at {}-{}@{}: {}", model.version(), record.topic(),
                        record.partition(), record.offset(), String.join("; ", problems));
                latest[0] = new Latest(latest[0].model(), maxVersion);
            }
        });
        return latest[0];
    }

    @Override
    public void publish(SegmentModel model) {
        ModelValidation.requireValid(model);
        Properties properties = new Properties();
        properties.putAll(kafka);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "rfm-trainer-publisher");
        try (KafkaProducer<String, SegmentModel> producer = new KafkaProducer<>(properties, new StringSerializer(),
                Serdes.segmentModel());
             KafkaClientMetrics metrics = new KafkaClientMetrics(producer)) {
            if (registry != null) {
                metrics.bindTo(registry);
            }
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, model.name(), model))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("model v{} written to {}-{}@{}", model.version(), metadata.topic(), metadata.partition(),
                    metadata.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing model v" + model.version(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("could not publish model v" + model.version() + " to " + topic + ": "
                    + cause.getMessage(), cause);
        }
    }
}
