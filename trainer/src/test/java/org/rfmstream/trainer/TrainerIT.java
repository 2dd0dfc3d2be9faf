package org.rfmstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;
import org.rfmstream.trainer.model.CustomerFeatures;
import org.rfmstream.trainer.model.SyntheticCustomers;
import picocli.CommandLine;

@ExtendWith(KafkaBrokerExtension.class)
class TrainerIT {

    private static final List<SyntheticCustomers.Group> FOUR = List.of(SyntheticCustomers.CHAMPIONS,
            SyntheticCustomers.NEW_CUSTOMERS, SyntheticCustomers.AT_RISK, SyntheticCustomers.LOST);

    @Test
    void profilesInModelOutOnTheCompactedTopicReadBackAndValid(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String profilesTopic = broker.unique("customer-profiles");
        String modelsTopic = broker.unique("segment-models");
        broker.createTopic(profilesTopic, 3, true);
        broker.createTopic(modelsTopic, 1, true);
        List<CustomerFeatures> customers = SyntheticCustomers.planted(FOUR, 100, 0.1, 3);
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            // an outdated profile first: the later one for the same customer must win
            producer.send(new ProducerRecord<>(profilesTopic, "champions-0",
                    Json.toBytes(profile(SyntheticCustomers.customer("champions-0", 900, 1, 100)))));
            for (CustomerFeatures customer : customers) {
                producer.send(new ProducerRecord<>(profilesTopic, customer.customerId(), Json.toBytes(profile(customer))));
            }
            producer.send(new ProducerRecord<>(profilesTopic, "gone", Json.toBytes(profile(
                    SyntheticCustomers.customer("gone", 3, 9, 99_900)))));
            producer.send(new ProducerRecord<>(profilesTopic, "gone", null));
            producer.send(new ProducerRecord<>(profilesTopic, "broken", "{not json".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        Path config = config(dir, broker, profilesTopic, modelsTopic);

        int exit = new CommandLine(new TrainerMain()).execute("--once", "--config", config.toString(), "--no-progress");

        assertThat(exit).isEqualTo(TrainerMain.EXIT_OK);
        List<SegmentModel> published = readModels(broker, modelsTopic);
        assertThat(published).singleElement().satisfies(model -> {
            assertThat(ModelValidation.problems(model)).isEmpty();
            assertThat(model.version()).isEqualTo(1);
            assertThat(model.trainingCustomers()).isEqualTo(customers.size());
            assertThat(model.quality().k()).isEqualTo(4);
            assertThat(model.segments()).extracting(SegmentModel.Segment::id)
                    .containsExactly("champions", "new-customers", "at-risk", "lost");
            assertThat(model.segments()).allSatisfy(s -> assertThat(s.size()).isEqualTo(100));
        });
        assertThat(cleanupPolicy(broker, modelsTopic)).isEqualTo("compact");

        // an immediate retrain publishes the next version with the same segments
        assertThat(new CommandLine(new TrainerMain()).execute("--once", "--config", config.toString(),
                "--no-progress")).isEqualTo(TrainerMain.EXIT_OK);
        List<SegmentModel> twice = readModels(broker, modelsTopic);
        assertThat(twice).extracting(SegmentModel::version).containsExactly(1L, 2L);
        assertThat(Json.toString(twice.get(1).segments())).isEqualTo(Json.toString(twice.get(0).segments()));

        // a gate the model cannot pass: nothing is published, the exit code says so
        assertThat(new CommandLine(new TrainerMain()).execute("--once", "--config", config.toString(),
                "--no-progress", "--min-customers", "1000000")).isEqualTo(TrainerMain.EXIT_REFUSED);
        assertThat(readModels(broker, modelsTopic)).hasSize(2);
    }

    private static CustomerProfile profile(CustomerFeatures customer) {
        Instant last = customer.lastPurchase();
        return new CustomerProfile(customer.customerId(), last.minus(Duration.ofDays(30)), last,
                customer.frequency(), BigDecimal.valueOf(customer.monetaryCents(), 2), BigDecimal.ZERO.setScale(2),
                null, null, null, null, last);
    }

    private static Path config(Path dir, KafkaBroker broker, String profiles, String models) throws IOException {
        Path file = dir.resolve("trainer.properties");
        Files.writeString(file, String.join("\n",
                "KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers(),
                "TOPIC_CUSTOMER_PROFILES=" + profiles,
                "TOPIC_SEGMENT_MODELS=" + models,
                "TRAINER_MIN_SILHOUETTE=0.5"));
        return file;
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(properties);
    }

    private static List<SegmentModel> readModels(KafkaBroker broker, String topic) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<SegmentModel> models = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(record.key()).isEqualTo(SegmentModel.DEFAULT_NAME);
                    models.add(Serdes.segmentModel().deserialize(topic, record.value()));
                }
            }
        }
        return models;
    }

    private static String cleanupPolicy(KafkaBroker broker, String topic)
            throws ExecutionException, InterruptedException {
        try (Admin admin = broker.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(resource)).all().get();
            return configs.get(resource).get("cleanup.policy").value();
        }
    }
}
