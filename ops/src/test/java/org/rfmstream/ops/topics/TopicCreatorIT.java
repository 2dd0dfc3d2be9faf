package org.rfmstream.ops.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.testsupport.KafkaBroker;
import org.rfmstream.testsupport.KafkaBrokerExtension;

@ExtendWith(KafkaBrokerExtension.class)
class TopicCreatorIT {

    private static TopicNames uniqueNames(KafkaBroker broker) {
        return Settings.of(Map.of(
                TopicNames.TOPIC_TRANSACTIONS, broker.unique("transactions"),
                TopicNames.TOPIC_SEGMENT_CHANGES, broker.unique("segment-changes"),
                TopicNames.TOPIC_CUSTOMER_PROFILES, broker.unique("customer-profiles"),
                TopicNames.TOPIC_SEGMENT_MODELS, broker.unique("segment-models"),
                TopicNames.TOPIC_TRANSACTIONS_DLQ, broker.unique("transactions-dlq"),
                TopicNames.TOPIC_CUSTOMER_ERASURES, broker.unique("customer-erasures"))).topics();
    }

    @Test
    void createsTheTopicsOnceAndChangesNothingWhenRunAgain(KafkaBroker broker) throws Exception {
        TopicNames names = uniqueNames(broker);
        List<TopicSpec> specs = TopicSpec.forSystem(names, 4, (short) 1);
        try (Admin admin = broker.admin()) {
            TopicCreator creator = new TopicCreator(admin);

            assertThat(creator.ensure(specs)).extracting(TopicCreator.Outcome::status)
                    .containsOnly(TopicCreator.Status.CREATED).hasSize(6);
            assertThat(creator.ensure(specs)).extracting(TopicCreator.Outcome::status)
                    .containsOnly(TopicCreator.Status.EXISTS).hasSize(6);

            var profiles = admin.describeTopics(List.of(names.customerProfiles())).allTopicNames().get()
                    .get(names.customerProfiles());
            assertThat(profiles.partitions()).hasSize(4);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, names.segmentModels());
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
                    .isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(names.segmentModels())).allTopicNames().get()
                    .get(names.segmentModels()).partitions()).hasSize(1);
            ConfigResource erasures = new ConfigResource(ConfigResource.Type.TOPIC, names.customerErasures());
            assertThat(admin.describeConfigs(List.of(erasures)).all().get().get(erasures)
                    .get("max.compaction.lag.ms").value()).isEqualTo(TopicSpec.MAX_COMPACTION_LAG_MS);
        }
    }

    @Test
    void reportsButNeverAltersAnExistingTopicThatDiffers(KafkaBroker broker) throws Exception {
        TopicNames names = uniqueNames(broker);
        broker.createTopic(names.transactions(), 2, false);
        broker.createTopic(names.customerProfiles(), 4, false);
        broker.createTopic(names.customerErasures(), 4, true);
        try (Admin admin = broker.admin()) {
            List<TopicCreator.Outcome> outcomes = new TopicCreator(admin).ensure(TopicSpec.forSystem(names, 4, (short) 1));

            assertThat(outcomes.get(0).status()).isEqualTo(TopicCreator.Status.EXISTS_DIFFERENT);
            assertThat(outcomes.get(0).detail()).contains("2 partitions instead of 4");
            assertThat(outcomes.get(2).status()).isEqualTo(TopicCreator.Status.EXISTS_DIFFERENT);
            assertThat(outcomes.get(2).detail()).contains("not compacted, but should be");
            // compacted, but with the broker's unbounded compaction lag: tombstones may never delete
            assertThat(outcomes.get(5).status()).isEqualTo(TopicCreator.Status.EXISTS_DIFFERENT);
            assertThat(outcomes.get(5).detail()).contains("max.compaction.lag.ms is " + Long.MAX_VALUE);
            assertThat(admin.describeTopics(List.of(names.transactions())).allTopicNames().get()
                    .get(names.transactions()).partitions()).hasSize(2);
        }
    }
}
