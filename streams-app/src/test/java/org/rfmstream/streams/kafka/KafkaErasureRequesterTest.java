package org.rfmstream.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.ErasureRequest;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.http.ErasureRequester;

class KafkaErasureRequesterTest {

    @Test
    void sendsTheRequestKeyedByTheCustomerAndStampedWithItsTime() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        Instant before = Instant.now().minusMillis(1);

        ErasureRequester.SentRequest sent = new KafkaErasureRequester(producer, "customer-erasures")
                .send("17850", "ticket DSR-2041");

        ProducerRecord<String, byte[]> record = producer.history().getFirst();
        assertThat(record.topic()).isEqualTo("customer-erasures");
        assertThat(record.key()).isEqualTo("17850");
        ErasureRequest request = Json.fromBytes(record.value(), ErasureRequest.class);
        assertThat(request.reason()).isEqualTo("ticket DSR-2041");
        assertThat(request.requestedAt()).isAfter(before).isEqualTo(sent.requestedAt());
        assertThat(record.timestamp()).isEqualTo(sent.requestedAt().toEpochMilli());
        assertThat(sent.customerId()).isEqualTo("17850");
        assertThat(sent.topic()).isEqualTo("customer-erasures");
    }

    @Test
    void aRequestKafkaRefusesIsReportedAsNotSent() {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        KafkaErasureRequester requester = new KafkaErasureRequester(producer, "customer-erasures");
        Thread.ofVirtual().start(() -> {
            while (!producer.errorNext(new TimeoutException("broker away"))) {
                Thread.onSpinWait();
            }
        });

        assertThatThrownBy(() -> requester.send("17850", null))
                .isInstanceOf(ErasureRequester.ErasureNotSentException.class).hasMessageContaining("broker away");
    }

    @Test
    void itsProducerConfigurationIsAcceptedByKafka() {
        Settings settings = Settings.of(Map.of(Settings.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:1"));

        KafkaErasureRequester.fromSettings(settings).close();
    }
}
