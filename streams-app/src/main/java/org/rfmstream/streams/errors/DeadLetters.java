package org.rfmstream.streams.errors;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter record of {@code transactions-dlq}: the original key and bytes, the original headers, and why
 * it was refused and where it came from. Every path to the DLQ (validation, deserialization and processing
 * errors) uses these headers.
 */
public final class DeadLetters {

    public static final String ERROR_REASON = "error.reason";
    public static final String ERROR_FIELD = "error.field";
    public static final String ERROR_DETAIL = "error.detail";
    public static final String SOURCE_TOPIC = "source.topic";
    public static final String SOURCE_PARTITION = "source.partition";
    public static final String SOURCE_OFFSET = "source.offset";

    /** Reasons beyond the validator's: a record that failed outside validation. */
    public static final String DESERIALIZATION_ERROR = "deserialization-error";
    public static final String PROCESSING_ERROR = "processing-error";

    private static final int MAX_DETAIL_CHARS = 1_000;

    private DeadLetters() {
    }

    /**
     * The original headers plus the error headers.
     *
     * @param field     the offending field, or null (written as an empty header)
     * @param partition -1 and offset -1 when unknown
     */
    public static Headers headers(Headers original, String reason, String field, String detail, String topic,
                                  int partition, long offset) {
        Headers headers = new RecordHeaders(original == null ? new RecordHeaders() : original);
        headers.remove(ERROR_REASON);
        headers.remove(ERROR_FIELD);
        headers.remove(ERROR_DETAIL);
        headers.remove(SOURCE_TOPIC);
        headers.remove(SOURCE_PARTITION);
        headers.remove(SOURCE_OFFSET);
        headers.add(ERROR_REASON, utf8(reason));
        headers.add(ERROR_FIELD, utf8(field == null ? "" : field));
        headers.add(ERROR_DETAIL, utf8(truncate(detail)));
        headers.add(SOURCE_TOPIC, utf8(topic == null ? "" : topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    public static ProducerRecord<byte[], byte[]> record(String dlqTopic, byte[] key, byte[] value, Headers headers) {
        return new ProducerRecord<>(dlqTopic, null, null, key, value, headers);
    }

    public static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String truncate(String detail) {
        if (detail == null) {
            return "";
        }
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "…";
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
