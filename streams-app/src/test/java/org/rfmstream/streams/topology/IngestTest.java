package org.rfmstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.streams.errors.DeadLetters;

class IngestTest {

    private static final Instant T0 = Instant.parse("2011-03-01T10:00:00Z");
    private final SegmentationDriver app = new SegmentationDriver();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void anInvalidRecordGoesToTheDlqWithItsOriginalKeyBytesAndTheReason() {
        byte[] key = {(byte) 0xFF, 1, 2};
        byte[] value = "{\"eventId\":\"e1\",\"customerId\":\"c1\",\"type\":\"GIFT\",\"timestamp\":\"2011-03-01T10:00:00Z\",\"amount\":3}"
                .getBytes(StandardCharsets.UTF_8);
        Headers original = new RecordHeaders().add("trace", "abc".getBytes(StandardCharsets.UTF_8));

        app.send(key, value, original, T0);

        TestRecord<byte[], byte[]> dead = app.dlq.readRecord();
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(header(dead, DeadLetters.ERROR_REASON)).isEqualTo("unknown-type");
        assertThat(header(dead, DeadLetters.ERROR_FIELD)).isEqualTo("type");
        assertThat(header(dead, DeadLetters.ERROR_DETAIL)).contains("GIFT");
        assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo("transactions");
        assertThat(header(dead, DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(dead, "trace")).isEqualTo("abc");
        assertThat(app.events("invalid")).isEqualTo(1);
        assertThat(app.profiles.isEmpty()).isTrue();
    }

    @Test
    void unparsableEmptyAndFutureRecordsAreRefusedAndTheStreamGoesOn() {
        app.send("c1", "not json {", T0);
        app.send("c1", null, T0);
        app.purchase("c1", "far-future", SegmentationDriver.WALL_CLOCK_START.plusSeconds(7200), "5.00");
        app.send("c1", "{\"eventId\":\"e9\",\"customerId\":\"c1\",\"type\":\"PURCHASE\",\"timestamp\":\"2011-03-01T10:00:00Z\",\"amount\":-4}", T0);
        app.purchase("c1", "ok", T0, "5.00");

        assertThat(app.dlq.readRecordsToList()).extracting(r -> header(r, DeadLetters.ERROR_REASON))
                .containsExactly("malformed-json", "malformed-json", "future-timestamp", "non-positive-amount");
        assertThat(app.profile("c1").frequency()).isEqualTo(1);
        assertThat(app.events("processed")).isEqualTo(1);
        assertThat(app.events("invalid")).isEqualTo(4);
    }

    @Test
    void aRecordKeyedByItsCustomerPaysNoRepartition() {
        app.purchase("c1", "e1", T0, "10.00");

        assertThat(app.profile("c1").frequency()).isEqualTo(1);
        assertThat(app.driver.producedTopicNames()).noneMatch(topic -> topic.endsWith("-repartition"));
    }

    @Test
    void aRecordWithAnotherKeyIsRepartitionedByCustomerAndCountedOnce() {
        app.send("wrong-key", SegmentationDriver.transactionJson("e1", "c1", "PURCHASE", T0, "10.00"), T0);
        app.send((String) null, SegmentationDriver.transactionJson("e2", "c1", "PURCHASE", T0.plusSeconds(60), "2.50"),
                T0.plusSeconds(60));

        assertThat(app.driver.producedTopicNames())
                .contains("segmentation-test-" + SegmentationTopology.REKEY_TOPIC + "-repartition");
        assertThat(app.profile("c1").frequency()).isEqualTo(2);
        assertThat(app.profile("c1").monetary()).isEqualByComparingTo("12.50");
        assertThat(app.latestProfiles()).containsOnlyKeys("c1");
        assertThat(app.events("processed")).isEqualTo(2);
    }

    @Test
    void anAmountGivenByLinesIsTheirExactSum() {
        app.send("c1", "{\"eventId\":\"e1\",\"customerId\":\"c1\",\"type\":\"PURCHASE\",\"timestamp\":\"" + T0
                + "\",\"lines\":[{\"sku\":\"A\",\"quantity\":3,\"unitPrice\":0.1},{\"sku\":\"B\",\"quantity\":1,\"unitPrice\":0.2}]}", T0);

        assertThat(app.profile("c1").monetary()).isEqualByComparingTo("0.50");
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        if (record == null) {
            return null;
        }
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
