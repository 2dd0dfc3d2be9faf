package org.rfmstream.ops.erase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.ops.ConsoleCapture;
import org.rfmstream.ops.OpsMain;
import org.rfmstream.schemas.ErasureRequest;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

@ExtendWith(KafkaBrokerExtension.class)
class EraseCommandIT {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void sendsOneRequestPerCustomerKeyedByItsIdAndSaysHowMany(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String topic = broker.unique("customer-erasures");
        broker.createTopic(topic, 3, true);
        Path config = Files.writeString(dir.resolve("rfm.properties"),
                TopicNames.TOPIC_CUSTOMER_ERASURES + "=" + topic + "\n");
        Path file = Files.writeString(dir.resolve("ids.txt"), "12346\n# done by hand\n17850\n");
        Instant before = Instant.now().minusMillis(1);

        int exit = OpsMain.run("erase", "--bootstrap-servers", broker.bootstrapServers(), "--config",
                config.toString(), "--file", file.toString(), "--reason", "ticket DSR-2041", "17850", "c-3");

        assertThat(exit).as(console.err()).isZero();
        assertThat(console.out()).isEqualTo("Sent 3 erasure requests to " + topic + " on " + broker.bootstrapServers()
                + " (1 repeated id sent once)." + System.lineSeparator());
        List<ConsumerRecord<String, byte[]>> records = readAll(broker, topic, 3);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("17850", "c-3", "12346");
        for (ConsumerRecord<String, byte[]> record : records) {
            ErasureRequest request = Json.fromBytes(record.value(), ErasureRequest.class);
            assertThat(request.reason()).isEqualTo("ticket DSR-2041");
            assertThat(request.requestedAt()).isAfter(before).isBeforeOrEqualTo(Instant.now());
            assertThat(record.timestamp()).isEqualTo(request.requestedAt().toEpochMilli());
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaBroker broker, String topic, int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
