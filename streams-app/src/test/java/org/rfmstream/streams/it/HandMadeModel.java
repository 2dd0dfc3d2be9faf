package org.rfmstream.streams.it;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.testsupport.KafkaBroker;

/**
 * A valid four-segment model written by hand from typical customers in business units (recency in days,
 * purchases, money), transformed and scaled the way the contract says: {@code x = (log1p(v) - mean) / std}.
 */
final class HandMadeModel {

    private static final double[] MEAN = {4.0, 1.3, 6.5};
    private static final double[] STD = {1.2, 0.5, 1.0};

    private HandMadeModel() {
    }

    static SegmentModel fourSegments(long version) {
        Instant trainedAt = Instant.parse("2011-01-01T00:00:00Z");
        SegmentModel model = new SegmentModel(SegmentModel.DEFAULT_NAME, version, trainedAt, trainedAt,
                SegmentModel.FEATURES, SegmentModel.TRANSFORM_LOG1P, new SegmentModel.Scaler(MEAN, STD),
                List.of(
                        segment("champions", "Champions", "VIP offers and early access", 10, 7, 2_000),
                        segment("loyal", "Loyal", "Loyalty programme", 40, 4, 800),
                        segment("at-risk", "At Risk", "Win-back campaign", 150, 3, 500),
                        segment("lost", "Lost", "Low-cost reactivation", 300, 1, 100)),
                new SegmentModel.Quality(4, 0.5, 100, List.of(), null), 1_000);
        return ModelValidation.requireValid(model);
    }

    /** Publishes the model as the trainer does: keyed by its name on the compacted topic. */
    static void publish(KafkaBroker broker, String topic, SegmentModel model)
            throws ExecutionException, InterruptedException {
        Properties properties = broker.clientProperties();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, model.name(), Json.toString(model))).get();
        }
    }

    private static SegmentModel.Segment segment(String id, String name, String action, double recencyDays,
                                                double frequency, double monetary) {
        double[] raw = {recencyDays, frequency, monetary};
        double[] centroid = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            centroid[i] = (Math.log1p(raw[i]) - MEAN[i]) / STD[i];
        }
        return new SegmentModel.Segment(id, name, action, centroid, 250,
                new SegmentModel.SegmentMean(recencyDays, frequency, monetary));
    }
}
