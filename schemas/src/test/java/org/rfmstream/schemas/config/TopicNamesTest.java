package org.rfmstream.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicNamesTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsAreTheDesignsSixTopics() {
        assertThat(TopicNames.defaults().all()).containsExactly(
                "transactions", "segment-changes", "customer-profiles", "segment-models", "transactions-dlq",
                "customer-erasures");
    }

    @Test
    void eachTopicCanBeRenamedOnItsOwnByEitherSpellingOfItsSetting() {
        TopicNames topics = Settings.of(Map.of(
                "TOPIC_TRANSACTIONS", "shop.transactions.v1",
                "topic.segment-models", "shop.segment-models.v1",
                "topic.transactions.dlq", "shop.transactions.dlq",
                "TOPIC_CUSTOMER_ERASURES", "shop.customer-erasures")).topics();

        assertThat(topics.transactions()).isEqualTo("shop.transactions.v1");
        assertThat(topics.segmentModels()).isEqualTo("shop.segment-models.v1");
        assertThat(topics.transactionsDlq()).isEqualTo("shop.transactions.dlq");
        assertThat(topics.customerErasures()).isEqualTo("shop.customer-erasures");
        assertThat(topics.segmentChanges()).isEqualTo("segment-changes");
        assertThat(topics.customerProfiles()).isEqualTo("customer-profiles");
    }

    @Test
    void theEnvironmentRenamesATopicOverTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("rfm.properties"),
                "topic.customer-profiles=from-file\ntopic.segment-changes=changes-from-file\n");

        TopicNames topics = Settings.load(file, Map.of("TOPIC_CUSTOMER_PROFILES", "from-env")).topics();

        assertThat(topics.customerProfiles()).isEqualTo("from-env");
        assertThat(topics.segmentChanges()).isEqualTo("changes-from-file");
    }
}
