package org.rfmstream.streams.kafka;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rfmstream.schemas.ErasureRequest;
import org.rfmstream.schemas.ErasureRequests;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.http.ErasureRequester;

/** Sends erasure requests with a producer of its own: idempotent, acknowledged by all in-sync replicas. */
public final class KafkaErasureRequester implements ErasureRequester, AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<String, byte[]> producer;
    private final String topic;

    KafkaErasureRequester(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public static KafkaErasureRequester fromSettings(Settings settings) {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
        properties.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis() / 2));
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        properties.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
        properties.putAll(settings.kafkaProperties());
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.CLIENT_ID_CONFIG, settings.applicationId() + "-erasure-requests");
        // a transactional id passed through for Kafka Streams must not make this producer transactional
        properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaErasureRequester(new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer()), settings.topics().customerErasures());
    }

    @Override
    public SentRequest send(String customerId, String reason) {
        ErasureRequest request = new ErasureRequest(Instant.now().truncatedTo(ChronoUnit.MILLIS), reason);
        try {
            RecordMetadata metadata = producer.send(ErasureRequests.record(topic, customerId, request))
                    .get(SEND_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return new SentRequest(customerId, request.requestedAt(), topic, metadata.partition(), metadata.offset());
        } catch (ExecutionException e) {
            throw new ErasureNotSentException("Kafka did not take the erasure request: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw new ErasureNotSentException("Kafka did not take the erasure request in time: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErasureNotSentException("interrupted while sending the erasure request", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
