package org.rfmstream.streams.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionValidator;
import org.rfmstream.schemas.ValidationResult;
import org.rfmstream.schemas.ValidationResult.Invalid;
import org.rfmstream.schemas.ValidationResult.Reason;
import org.rfmstream.schemas.ValidationResult.Valid;
import org.rfmstream.streams.errors.DeadLetters;
import org.rfmstream.streams.errors.ErrorHandling;
import org.rfmstream.streams.metrics.SegmentationMetrics;
import org.rfmstream.streams.state.CustomerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and validates every input record exactly once. A valid transaction continues keyed by its customer id,
 * stamped with its own timestamp, and marked as needing re-keying when the record's key was not that id; anything
 * else continues as a rejection carrying the original key and bytes, with the reason in the headers.
 */
final class IngestProcessor implements Processor<byte[], byte[], String, Ingested> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);
    /** Above this (in money units) an amount is not a retail transaction, and sums could overflow. */
    static final long MAX_AMOUNT_CENTS = 1_000_000_000_000L * 100;
    /** Earlier than this, a timestamp is a mistake, and epoch millis arithmetic stays far from overflow. */
    static final Instant MIN_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");

    private final TransactionValidator validator;
    private final SegmentationMetrics metrics;
    private ProcessorContext<String, Ingested> context;

    IngestProcessor(TransactionValidator validator, SegmentationMetrics metrics) {
        this.validator = validator;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Ingested> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ValidationResult result = validator.validate(record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (result instanceof Invalid invalid) {
            reject(record, invalid);
            return;
        }
        Transaction transaction = ((Valid) result).transaction();
        if (transaction.timestamp().isBefore(MIN_TIMESTAMP)) {
            reject(record, new Invalid(Reason.INVALID_TIMESTAMP, "timestamp",
                    "timestamp " + transaction.timestamp() + " is before " + MIN_TIMESTAMP));
            return;
        }
        if (transaction.amount().compareTo(Money.fromCents(MAX_AMOUNT_CENTS)) > 0) {
            reject(record, new Invalid(Reason.TOO_LARGE, "amount",
                    "amount " + transaction.amount() + " is above the limit of " + Money.fromCents(MAX_AMOUNT_CENTS)));
            return;
        }
        CustomerEvent event = CustomerEvent.of(transaction);
        boolean keyedByCustomer = record.key() != null
                && Arrays.equals(record.key(), event.customerId().getBytes(StandardCharsets.UTF_8));
        context.forward(record.withKey(event.customerId())
                .withValue((Ingested) new Ingested.Accepted(event, keyedByCustomer))
                .withTimestamp(event.timestampMillis()));
    }

    private void reject(Record<byte[], byte[]> record, Invalid invalid) {
        metrics.invalid();
        RecordMetadata source = context.recordMetadata().orElse(null);
        String topic = source == null ? null : source.topic();
        int partition = source == null ? -1 : source.partition();
        long offset = source == null ? -1 : source.offset();
        ErrorHandling.logOnce(LOG, "invalid:" + invalid.reason().code(), "Refused the transaction at " + topic + "-"
                + partition + "@" + offset + " (" + invalid.reason().code() + "): " + invalid.detail());
        context.forward(new Record<String, Ingested>(null, new Ingested.Rejected(record.key(), record.value()),
                record.timestamp(), DeadLetters.headers(record.headers(), invalid.reason().code(), invalid.field(),
                invalid.detail(), topic, partition, offset)));
    }
}
