package org.rfmstream.streams.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An unexpected exception while processing one record sends that record's source bytes to the DLQ and lets the
 * stream go on, instead of failing the thread on the same record forever. Validation already keeps bad input
 * out, so anything here is logged as a defect to look at.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private SegmentationMetrics metrics;
    private String dlqTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = ErrorHandling.metrics(configs);
        dlqTopic = ErrorHandling.dlqTopic(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String where = context.topic() + "-" + context.partition() + "@" + context.offset();
        ErrorHandling.logOnce(LOG, "processing:" + context.processorNodeId() + ":" + exception.getClass().getName(),
                "Processing failed in " + context.processorNodeId() + " for the record at " + where + ", sent to "
                        + dlqTopic + ": " + DeadLetters.describe(exception));
        LOG.debug("Processing failure at {}", where, exception);
        if (metrics != null) {
            metrics.error("processing");
            metrics.invalid();
        }
        return Response.resume(List.of(DeadLetters.record(dlqTopic, context.sourceRawKey(), context.sourceRawValue(),
                DeadLetters.headers(context.headers(), DeadLetters.PROCESSING_ERROR, null,
                        DeadLetters.describe(exception), context.topic(), context.partition(), context.offset()))));
    }
}
