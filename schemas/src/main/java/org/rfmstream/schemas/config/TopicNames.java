package org.rfmstream.schemas.config;

import java.util.List;

/** The six topics of the system, each name overridable by its setting. */
public record TopicNames(String transactions, String segmentChanges, String customerProfiles, String segmentModels,
                         String transactionsDlq, String customerErasures) {

    public static final String TRANSACTIONS = "transactions";
    public static final String SEGMENT_CHANGES = "segment-changes";
    public static final String CUSTOMER_PROFILES = "customer-profiles";
    public static final String SEGMENT_MODELS = "segment-models";
    public static final String TRANSACTIONS_DLQ = "transactions-dlq";
    public static final String CUSTOMER_ERASURES = "customer-erasures";

    public static final String TOPIC_TRANSACTIONS = "TOPIC_TRANSACTIONS";
    public static final String TOPIC_SEGMENT_CHANGES = "TOPIC_SEGMENT_CHANGES";
    public static final String TOPIC_CUSTOMER_PROFILES = "TOPIC_CUSTOMER_PROFILES";
    public static final String TOPIC_SEGMENT_MODELS = "TOPIC_SEGMENT_MODELS";
    public static final String TOPIC_TRANSACTIONS_DLQ = "TOPIC_TRANSACTIONS_DLQ";
    public static final String TOPIC_CUSTOMER_ERASURES = "TOPIC_CUSTOMER_ERASURES";

    public static TopicNames defaults() {
        return new TopicNames(TRANSACTIONS, SEGMENT_CHANGES, CUSTOMER_PROFILES, SEGMENT_MODELS, TRANSACTIONS_DLQ,
                CUSTOMER_ERASURES);
    }

    public static TopicNames from(Settings settings) {
        return new TopicNames(
                settings.string(TOPIC_TRANSACTIONS, TRANSACTIONS),
                settings.string(TOPIC_SEGMENT_CHANGES, SEGMENT_CHANGES),
                settings.string(TOPIC_CUSTOMER_PROFILES, CUSTOMER_PROFILES),
                settings.string(TOPIC_SEGMENT_MODELS, SEGMENT_MODELS),
                settings.string(TOPIC_TRANSACTIONS_DLQ, TRANSACTIONS_DLQ),
                settings.string(TOPIC_CUSTOMER_ERASURES, CUSTOMER_ERASURES));
    }

    public List<String> all() {
        return List.of(transactions, segmentChanges, customerProfiles, segmentModels, transactionsDlq,
                customerErasures);
    }
}
