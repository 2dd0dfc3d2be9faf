package org.rfmstream.streams.topology;

import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.state.ModelStore;
import org.rfmstream.streams.state.StoreNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the global model store from {@code segment-models}: only a model that passes {@link ModelValidation}
 * becomes current; anything else is logged and counted and the previous model stays. Kafka Streams runs this on
 * restore too, so an invalid last message on the compacted topic never replaces a valid model after a restart.
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdateProcessor.class);

    private final SegmentationMetrics metrics;
    private KeyValueStore<String, SegmentModel> store;

    ModelUpdateProcessor(SegmentationMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.MODEL);
        SegmentModel current = store.get(ModelStore.CURRENT_KEY);
        if (current != null) {
            metrics.modelAccepted(current.version());
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            LOG.info("Ignored a tombstone for model '{}' on the models topic; the current model stays", record.key());
            return;
        }
        SegmentModel model;
        try {
            model = Json.fromBytes(record.value(), SegmentModel.class);
        } catch (RuntimeException e) {
            reject(record.key(), List.of("not a readable SegmentModel: " + rootMessage(e)));
            return;
        }
        List<String> problems = ModelValidation.problems(model);
        if (!problems.isEmpty()) {
            reject(record.key(), problems);
            return;
        }
        store.put(ModelStore.CURRENT_KEY, model);
        metrics.modelAccepted(model.version());
        LOG.info("Segment model '{}' version {} with {} segments is now current", model.name(), model.version(),
                model.segments().size());
    }

    private void reject(String key, List<String> problems) {
        metrics.modelRejected();
        SegmentModel current = store.get(ModelStore.CURRENT_KEY);
        LOG.warn("Rejected a segment model message (key '{}'): {}; {}", key, String.join("; ", problems),
                current == null ? "no model is in force yet" : "version " + current.version() + " stays in force");
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst()
                .orElse("");
    }
}
