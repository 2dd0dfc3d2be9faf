package org.rfmstream.streams.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be deserialized goes to the DLQ with its original bytes and processing continues: the
 * application never stops on bad input. (The input topic is read as bytes, so this catches internal topics and
 * serde failures, not malformed JSON — that is the validator's job.)
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private SegmentationMetrics metrics;
    private String dlqTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = ErrorHandling.metrics(configs);
        dlqTopic = ErrorHandling.dlqTopic(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        ErrorHandling.logOnce(LOG, "deserialization:" + record.topic(), "Cannot deserialize the record at "
                + record.topic() + "-" + record.partition() + "@" + record.offset() + ", sent to " + dlqTopic
                + ": " + DeadLetters.describe(exception));
        if (metrics != null) {
            metrics.error("deserialization");
            metrics.invalid();
        }
        return Response.resume(List.of(DeadLetters.record(dlqTopic, record.key(), record.value(),
                DeadLetters.headers(record.headers(), DeadLetters.DESERIALIZATION_ERROR, null,
                        DeadLetters.describe(exception), record.topic(), record.partition(), record.offset()))));
    }
}
