package org.rfmstream.ops.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rfmstream.ops.OpsException;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

@ExtendWith(KafkaBrokerExtension.class)
class ProfileReaderIT {

    private static byte[] profile(String id, String segment, long frequency) {
        return Json.toBytes(new CustomerProfile(id, Instant.parse("2011-01-01T10:00:00Z"),
                Instant.parse("2011-06-01T10:00:00Z"), frequency, new BigDecimal("100.00"), new BigDecimal("0.00"),
                segment, null, 1L, null, Instant.parse("2011-06-01T10:00:00Z")));
    }

    @Test
    void readsTheLatestProfileOfEveryCustomerToTheEndOfTheTopic(KafkaBroker broker) throws Exception {
        String topic = broker.unique("customer-profiles");
        broker.createTopic(topic, 3, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(broker.clientProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "1", profile("1", "loyal", 3))).get();
            producer.send(new ProducerRecord<>(topic, "2", profile("2", "lost", 1))).get();
            producer.send(new ProducerRecord<>(topic, "1", profile("1", "champions", 4))).get();
            producer.send(new ProducerRecord<>(topic, "3", profile("3", "at-risk", 2))).get();
            producer.send(new ProducerRecord<>(topic, "3", null)).get();
            producer.send(new ProducerRecord<>(topic, "4", "not json".getBytes())).get();
        }

        Map<String, CustomerProfile> profiles = new ProfileReader(broker.clientProperties(), Duration.ofSeconds(30))
                .readAll(topic);

        assertThat(profiles.keySet()).containsExactlyInAnyOrder("1", "2");
        assertThat(profiles.get("1").segment()).isEqualTo("champions");
        assertThat(profiles.get("1").frequency()).isEqualTo(4);
    }

    @Test
    void aMissingTopicIsOneClearError(KafkaBroker broker) {
        Properties properties = broker.clientProperties();
        properties.put("allow.auto.create.topics", "false");
        String topic = broker.unique("absent");
        assertThatThrownBy(() -> new ProfileReader(properties, Duration.ofSeconds(10)).readAll(topic))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining(topic);
    }
}
