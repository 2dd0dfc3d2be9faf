package org.rfmstream.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.TransactionType;

class CustomerStateTest {

    private static final Instant T0 = Instant.parse("2011-03-01T10:00:00Z");
    private static final long WEEK = Duration.ofDays(7).toMillis();

    /** A customer with a long history, a segment, a review and two events in the dedup memory. */
    private static CustomerState typicalCustomer() {
        CustomerState state = new CustomerState();
        for (int i = 0; i < 40; i++) {
            CustomerEvent event = new CustomerEvent("5" + (36365 + i), "17850", TransactionType.PURCHASE,
                    T0.plus(Duration.ofDays(i * 3L)).toEpochMilli(), 13_912 + i);
            state.apply(event);
            state.remember(event, WEEK);
        }
        state.apply(new CustomerEvent("C536379", "17850", TransactionType.REFUND,
                T0.plus(Duration.ofDays(118)).toEpochMilli(), 10_230));
        state.assign("potential-loyalists", T0.plus(Duration.ofDays(100)).toEpochMilli(), 7,
                T0.plus(Duration.ofDays(180)));
        state.touched(T0.plus(Duration.ofDays(118)).toEpochMilli());
        return state;
    }

    @Test
    void theStoredValueRoundTripsToTheSameProfileAndDedupMemory() {
        CustomerState state = typicalCustomer();

        CustomerState read = CustomerState.serde().deserializer().deserialize("t",
                CustomerState.serde().serializer().serialize("t", state));

        assertThat(read.toProfile("17850")).isEqualTo(state.toProfile("17850"));
        assertThat(read.seenEvents()).isEqualTo(state.seenEvents()).hasSize(3);
    }

    @Test
    void aTypicalCustomerTakesFarLessThan200BytesInTheStore() {
        byte[] value = CustomerState.serde().serializer().serialize("t", typicalCustomer());
        byte[] key = "17850".getBytes();

        System.out.printf("customer-profile-store: %d bytes of value + %d of key for a typical customer%n",
                value.length, key.length);
        assertThat(value.length + key.length).isLessThan(120);
    }

    @Test
    void theFirstOrdersAmountIsThatOfTheEarliestPurchaseWhateverTheArrivalOrder() {
        CustomerState state = new CustomerState();
        state.apply(new CustomerEvent("e2", "c", TransactionType.PURCHASE, T0.toEpochMilli() + WEEK, 5_000));
        state.apply(new CustomerEvent("e1", "c", TransactionType.PURCHASE, T0.toEpochMilli(), 1_234));
        state.apply(new CustomerEvent("e3", "c", TransactionType.PURCHASE, T0.toEpochMilli() + 2 * WEEK, 700));
        state.apply(new CustomerEvent("r1", "c", TransactionType.REFUND, T0.toEpochMilli() + 3 * WEEK, 100));

        CustomerState read = CustomerState.decode(CustomerState.encode(state));

        assertThat(read.toProfile("c").firstOrderAmount()).isEqualByComparingTo("12.34");
        assertThat(read.toProfile("c").firstPurchase()).isEqualTo(T0);
    }

    @Test
    void aValueWrittenBeforeTheFirstOrderWasKeptReadsAsUnknownAndStaysUnknown() {
        // the bytes of a customer with one purchase as written before the first order's amount was kept:
        // version 1, flags HAS_PURCHASE | HAS_UPDATE, then the purchase, counts and no dedup memory
        CustomerState modern = new CustomerState();
        modern.apply(new CustomerEvent("e1", "c", TransactionType.PURCHASE, T0.toEpochMilli(), 1_234));
        modern.touched(T0.toEpochMilli());
        byte[] withAmount = CustomerState.encode(modern);
        byte[] old = oldFormat(withAmount);

        CustomerState read = CustomerState.decode(old);
        assertThat(read.toProfile("c").firstOrderAmount()).isNull();
        assertThat(read.toProfile("c").frequency()).isEqualTo(1);
        read.apply(new CustomerEvent("e2", "c", TransactionType.PURCHASE, T0.toEpochMilli() + WEEK, 99));
        assertThat(read.toProfile("c").firstOrderAmount()).as("a later purchase is not the first").isNull();
    }

    /** The same value without the first order's amount: its flag cleared and its varint removed. */
    private static byte[] oldFormat(byte[] modern) {
        BinaryReader reader = new BinaryReader(modern);
        BinaryWriter writer = new BinaryWriter(modern.length);
        writer.writeByte(reader.readByte());
        int flags = reader.readByte();
        writer.writeByte(flags & ~16);
        writer.writeSigned(reader.readSigned()).writeUnsigned(reader.readUnsigned());
        writer.writeUnsigned(reader.readUnsigned()).writeUnsigned(reader.readUnsigned())
                .writeUnsigned(reader.readUnsigned());
        reader.readUnsigned(); // the first order's amount
        while (!reader.atEnd()) {
            writer.writeByte(reader.readByte());
        }
        return writer.toByteArray();
    }

    @Test
    void theDedupMemoryForgetsEventsOlderThanTheRetention() {
        CustomerState state = new CustomerState();
        CustomerEvent old = new CustomerEvent("e1", "c", TransactionType.PURCHASE, T0.toEpochMilli(), 100);
        state.remember(old, WEEK);
        CustomerEvent later = new CustomerEvent("e2", "c", TransactionType.PURCHASE, T0.toEpochMilli() + WEEK + 1, 1);
        state.remember(later, WEEK);

        assertThat(state.hasSeen("e1")).isFalse();
        assertThat(state.hasSeen("e2")).isTrue();
    }

    @Test
    void aLateEventOlderThanTheRetentionIsStillRememberedUntilTheCustomersNextEvent() {
        CustomerState state = new CustomerState();
        CustomerEvent recent = new CustomerEvent("e2", "c", TransactionType.PURCHASE, T0.toEpochMilli() + 3 * WEEK, 1);
        state.remember(recent, WEEK);
        CustomerEvent late = new CustomerEvent("e1", "c", TransactionType.PURCHASE, T0.toEpochMilli(), 100);

        state.remember(late, WEEK);

        assertThat(state.hasSeen("e1")).isTrue();
        assertThat(state.hasSeen("e2")).isTrue();
        state.remember(new CustomerEvent("e3", "c", TransactionType.PURCHASE, T0.toEpochMilli() + 3 * WEEK + 1, 1),
                WEEK);
        assertThat(state.hasSeen("e1")).isFalse();
    }

    @Test
    void aCorruptValueIsASerializationErrorNotAWrongCustomer() {
        byte[] value = CustomerState.serde().serializer().serialize("t", typicalCustomer());
        byte[] truncated = java.util.Arrays.copyOf(value, value.length - 3);

        assertThatThrownBy(() -> CustomerState.serde().deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class);
    }
}
