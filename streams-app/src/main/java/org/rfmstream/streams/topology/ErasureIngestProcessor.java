package org.rfmstream.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.rfmstream.schemas.ErasureRequest;
import org.rfmstream.schemas.ErasureRequests;
import org.rfmstream.schemas.JsonSerde;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.schemas.ValidationResult.Reason;
import org.rfmstream.streams.errors.DeadLetters;
import org.rfmstream.streams.errors.ErrorHandling;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.state.Erasure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code customer-erasures}: a request keyed by a customer id continues as an {@link Erasure} to that
 * customer's task; a request without a usable key or value goes to the DLQ with the reason, like a bad transaction.
 * A tombstone only clears a request from the compacted topic and asks for nothing. Nothing here logs the key or the
 * request's free-text reason.
 */
final class ErasureIngestProcessor implements Processor<byte[], byte[], String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ErasureIngestProcessor.class);
    /** The DLQ reason of a request whose key is not a customer id. */
    static final String MISSING_KEY = "missing-key";

    private final JsonSerde<ErasureRequest> serde = Serdes.erasureRequest();
    private final SegmentationMetrics metrics;
    private ProcessorContext<String, Object> context;

    ErasureIngestProcessor(SegmentationMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String customerId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String keyProblem = ErasureRequests.customerIdProblem(customerId);
        if (keyProblem != null) {
            reject(record, MISSING_KEY, null, "an erasure request is keyed by the customer id to erase, but "
                    + keyProblem.replace("a customer id", "its key"));
            return;
        }
        ErasureRequest request;
        try {
            request = serde.deserialize(null, record.value());
        } catch (SerializationException e) {
            reject(record, Reason.MALFORMED_JSON.code(), null, "not an erasure request: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getClass().getSimpleName()));
            return;
        }
        if (request.requestedAt() == null) {
            reject(record, Reason.MISSING_FIELD.code(), "requestedAt", "an erasure request needs requestedAt");
            return;
        }
        context.forward(new Record<String, Object>(customerId, new Erasure(request.requestedAt().toEpochMilli()),
                record.timestamp()));
    }

    private void reject(Record<byte[], byte[]> record, String reason, String field, String detail) {
        metrics.erasure(SegmentationMetrics.ERASURE_INVALID);
        RecordMetadata source = context.recordMetadata().orElse(null);
        String topic = source == null ? null : source.topic();
        int partition = source == null ? -1 : source.partition();
        long offset = source == null ? -1 : source.offset();
        ErrorHandling.logOnce(LOG, "erasure:" + reason, "Refused the erasure request at " + topic + "-" + partition
                + "@" + offset + " (" + reason + "): " + detail);
        context.forward(new Record<String, Object>(null, new Ingested.Rejected(record.key(), record.value()),
                record.timestamp(), DeadLetters.headers(record.headers(), reason, field, detail, topic, partition,
                offset)));
    }
}
