package org.rfmstream.ops.erase;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rfmstream.ops.KafkaOptions;
import org.rfmstream.ops.OpsException;
import org.rfmstream.schemas.ErasureRequest;
import org.rfmstream.schemas.ErasureRequests;
import org.rfmstream.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Sends one erasure request per customer to customer-erasures: the streams-app then forgets the "
                + "customer everywhere (see the README's privacy section) and takes them out of every segment.",
            "Prints how many requests were sent; the ids themselves are not printed."})
public final class EraseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CUSTOMER_ID", arity = "0..*", description = "customer ids to erase")
    private List<String> customerIds = new ArrayList<>();

    @Option(names = "--file", paramLabel = "ids.txt",
            description = "also erase the ids in this file, one per line (blank lines and # comments skipped)")
    private Path file;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "optional note kept with each request, e.g. a ticket number (never logged)")
    private String reason;

    @Mixin
    private KafkaOptions kafka;

    @Override
    public Integer call() {
        ErasureIds ids = ErasureIds.of(customerIds, file);
        if (reason != null && reason.length() > 1000) {
            throw new OpsException("--reason must not be longer than 1000 characters");
        }
        Settings settings = kafka.settings();
        String topic = settings.topics().customerErasures();
        ErasureRequest request = new ErasureRequest(Instant.now().truncatedTo(ChronoUnit.MILLIS),
                reason == null || reason.isBlank() ? null : reason.strip());
        List<Future<RecordMetadata>> sent = new ArrayList<>(ids.ids().size());
        int failed = 0;
        String firstFailure = null;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(settings),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String id : ids.ids()) {
                sent.add(producer.send(ErasureRequests.record(topic, id, request)));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    failed++;
                    firstFailure = firstFailure == null ? e.getCause().getMessage() : firstFailure;
                }
            }
        } catch (KafkaException e) {
            throw new OpsException("cannot send to " + topic + " on " + settings.bootstrapServers() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted while sending erasure requests", e);
        }
        int acknowledged = sent.size() - failed;
        System.out.printf("Sent %,d erasure request%s to %s on %s%s.%n", acknowledged, acknowledged == 1 ? "" : "s",
                topic, settings.bootstrapServers(),
                ids.repeated() == 0 ? "" : " (" + ids.repeated() + " repeated id" + (ids.repeated() == 1 ? "" : "s")
                        + " sent once)");
        if (failed > 0) {
            System.err.printf("error: %,d request%s not sent: %s%n", failed, failed == 1 ? " was" : "s were",
                    firstFailure);
            return 1;
        }
        return 0;
    }

    private static Properties producerProperties(Settings settings) {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        properties.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        properties.putAll(settings.kafkaProperties());
        // an erasure must not be lost or sent twice out of order
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "rfm-ops-erase");
        return properties;
    }
}
