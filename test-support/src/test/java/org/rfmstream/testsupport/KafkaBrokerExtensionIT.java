package org.rfmstream.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionIT {

    @Test
    void transactionalRecordsAreReadableByAReadCommittedConsumerInAGroup(KafkaBroker broker) {
        // The single-broker pitfall: without RF 1 for offsets and transaction state nothing errors, records never arrive.
        String topic = broker.unique("fixture");
        broker.createTopic(topic, 3, false);

        Properties producerProps = broker.clientProperties();
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, broker.unique("tx"));
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.commitTransaction();
        }

        Properties consumerProps = broker.clientProperties();
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, broker.unique("group"));
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= 10;
            });
        }
        assertThat(received).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("value-0", "value-1", "value-2", "value-3", "value-4",
                        "value-5", "value-6", "value-7", "value-8", "value-9");
    }

    @Test
    void everyTestOfTheRunSharesOneBroker(KafkaBroker first, KafkaBroker second) {
        assertThat(first).isSameAs(second);
        assertThat(first.bootstrapServers()).isNotBlank();
    }
}
