package org.rfmstream.streams.errors;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors writing output: a record the broker refuses for what it is (too large, invalid) or that cannot be
 * serialized is skipped, counted and logged, so one bad record cannot stop the application. Anything else
 * (the broker unreachable, authorization, fencing) fails as usual and is retried by Kafka Streams.
 */
public class HandledProductionErrors implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HandledProductionErrors.class);

    private SegmentationMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = ErrorHandling.metrics(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RecordTooLargeException || exception instanceof InvalidRecordException) {
            count(record.topic(), exception);
            return Response.resume();
        }
        return Response.fail();
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        count(record.topic(), exception);
        return Response.resume();
    }

    private void count(String topic, Exception exception) {
        ErrorHandling.logOnce(LOG, "production:" + topic + ":" + exception.getClass().getName(),
                "Cannot write a record to " + topic + ", skipped: " + DeadLetters.describe(exception));
        if (metrics != null) {
            metrics.error("production");
        }
    }
}
