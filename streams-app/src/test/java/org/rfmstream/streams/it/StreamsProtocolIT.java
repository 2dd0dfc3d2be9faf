package org.rfmstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

/**
 * Evidence for the choice of group protocol: Kafka 4.4's {@code streams} protocol (KIP-1071) accepts a static
 * member ({@code group.instance.id}) on a 4.4 broker, which 4.3 rejected. The application still uses the classic
 * protocol (see {@code StreamsSettings}): there, the session timeout, the standby count and KIP-441's warm-up
 * are the application's own settings, while the streams protocol makes them group settings on the broker.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StreamsProtocolIT {

    @Test
    void theStreamsProtocolOfKafka44AcceptsAStaticMemberAndKeepsItAcrossARestart(KafkaBroker broker,
                                                                                  @TempDir Path stateDir)
            throws Exception {
        String input = broker.unique("protocol-in");
        broker.createTopic(input, 2, false);
        String applicationId = broker.unique("streams-protocol-it");

        KafkaStreams first = start(broker, input, applicationId, stateDir);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            StreamsGroupMemberDescription member = onlyMember(admin, applicationId);
            // Kafka Streams appends the stream thread's index to the configured id
            assertThat(member.instanceId()).contains("static-member-1");
            String memberId = member.memberId();

            first.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(20)));
            KafkaStreams second = start(broker, input, applicationId, stateDir);
            try {
                StreamsGroupMemberDescription rejoined = onlyMember(admin, applicationId);
                assertThat(rejoined.instanceId()).contains("static-member-1");
                assertThat(rejoined.memberId()).as("a new member id for the same static member")
                        .isNotEqualTo(memberId);
            } finally {
                second.close(Duration.ofSeconds(20));
            }
        }
    }

    private static KafkaStreams start(KafkaBroker broker, String input, String applicationId, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table(input, Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("protocol-store"));
        Properties properties = broker.clientProperties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
        properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "static-member");
        KafkaStreams streams = new KafkaStreams(builder.build(), properties);
        streams.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    private static StreamsGroupMemberDescription onlyMember(Admin admin, String applicationId) {
        StreamsGroupMemberDescription[] member = new StreamsGroupMemberDescription[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            StreamsGroupDescription group = admin.describeStreamsGroups(List.of(applicationId))
                    .describedGroups().get(applicationId).get();
            assertThat(group.members()).hasSize(1);
            member[0] = group.members().iterator().next();
        });
        return member[0];
    }
}
