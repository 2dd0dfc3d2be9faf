package org.rfmstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.streams.StreamsApp;
import org.rfmstream.streams.errors.ThreadFailurePolicy;
import org.rfmstream.streams.kafka.KafkaStreamsMetadataSource;
import org.rfmstream.streams.query.Host;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

/**
 * A failure that repeats (here a record every stream thread fails on) is not looped over forever: the failed
 * thread is replaced until the limit, then Kafka Streams shuts down to ERROR, which liveness reports as DOWN.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ThreadFailuresIT {

    @Test
    void repeatedThreadFailuresShutKafkaStreamsDownInsteadOfReplacingThreadsForever(KafkaBroker broker,
                                                                                   @TempDir Path stateDir)
            throws Exception {
        String input = broker.unique("poison");
        broker.createTopic(input, 1, false);
        AtomicInteger failures = new AtomicInteger();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .peek((key, value) -> {
                    failures.incrementAndGet();
                    throw new IllegalStateException("cannot process " + key);
                })
                .toTable(Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("poison-store")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        Properties properties = broker.clientProperties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, broker.unique("thread-failures-it"));
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // a static member, as the application is: the replacing thread takes the failed one's place at once
        properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "poisoned");
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
        KafkaStreams streams = StreamsApp.newKafkaStreams(builder.build(), properties,
                new ThreadFailurePolicy(3, Duration.ofMinutes(10), Clock.systemUTC()), states::add);
        KafkaStreamsMetadataSource metadata = new KafkaStreamsMetadataSource(streams, "poison-store",
                new Host("localhost", 1));
        try {
            streams.start();
            await().atMost(Duration.ofSeconds(60)).dontCatchUncaughtExceptions()
                    .until(() -> streams.state() == KafkaStreams.State.RUNNING);
            assertThat(metadata.liveStreamThreads()).isEqualTo(1);
            try (var producer = new KafkaProducer<>(broker.clientProperties(), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(input, "poison", "pill")).get();
            }

            // the stream threads' failures are the point here: Awaitility must not take them for the test's own
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).dontCatchUncaughtExceptions()
                    .until(() -> streams.state() == KafkaStreams.State.ERROR);
            assertThat(failures.get()).as("the thread failed, was replaced twice, failed each time")
                    .isEqualTo(3);
            assertThat(states).contains(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
            assertThat(metadata.liveStreamThreads()).isZero();
        } finally {
            streams.close(Duration.ofSeconds(20));
        }
    }
}
