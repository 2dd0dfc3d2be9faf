package org.rfmstream.ops.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.ops.OpsException;

/** The local broker of {@code ops kafka}: starts, takes records, stops, and starts again with its data. */
class LocalKafkaIT {

    @TempDir
    Path dir;

    @Test
    void keepsItsDataAndClusterIdAcrossARestartOnTheSameDirectory() throws Exception {
        String clusterId;
        long started = System.nanoTime();
        try (LocalKafka kafka = LocalKafka.start(dir, 0)) {
            System.out.printf("LocalKafka first start (format + start) took %d ms%n", (System.nanoTime() - started) / 1_000_000);
            clusterId = kafka.clusterId();
            try (Admin admin = Admin.create(clientProperties(kafka))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            }
            Properties producerProperties = clientProperties(kafka);
            producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "customer-1", "before the restart")).get();
            }
        }

        started = System.nanoTime();
        try (LocalKafka kafka = LocalKafka.start(dir, 0)) {
            System.out.printf("LocalKafka restart on its data took %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(readAll(kafka, "kept")).containsExactly("customer-1=before the restart");
        }
    }

    @Test
    void aTakenPortIsOneClearErrorAndNoBroker() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LocalKafka.HOST))) {
            assertThatThrownBy(() -> LocalKafka.start(dir, taken.getLocalPort()))
                    .isInstanceOf(OpsException.class)
                    .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use (is another Kafka "
                            + "running?): stop it or choose another port with --port");
        }
    }

    @Test
    void aDirectoryAnotherBrokerUsesIsRefusedWithoutTouchingIt() {
        try (LocalKafka kafka = LocalKafka.start(dir, 0)) {
            assertThatThrownBy(() -> LocalKafka.start(dir, 0))
                    .isInstanceOf(OpsException.class)
                    .hasMessageContaining("is in use by another Kafka");
            assertThat(kafka.clusterId()).isNotBlank();
        }
    }

    private static Properties clientProperties(LocalKafka kafka) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    private static List<String> readAll(LocalKafka kafka, String topic) {
        Properties properties = clientProperties(kafka);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "local-kafka-it");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.key() + "=" + record.value());
                }
                return !values.isEmpty();
            });
        }
        return values;
    }
}
