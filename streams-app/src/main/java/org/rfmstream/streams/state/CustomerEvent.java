package org.rfmstream.streams.state;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionType;

/**
 * What the segmentation needs from a validated {@link Transaction}: it is validated once at ingest and travels
 * in this compact form (also through the re-keying repartition topic), so nothing is parsed twice.
 *
 * @param amountCents the money of the event in minor units, always positive
 */
public record CustomerEvent(String eventId, String customerId, TransactionType type, long timestampMillis,
                            long amountCents) implements CustomerInput {

    private static final int FORMAT_VERSION = 1;

    public static CustomerEvent of(Transaction transaction) {
        return new CustomerEvent(transaction.eventId(), transaction.customerId(), transaction.type(),
                transaction.timestamp().toEpochMilli(), Money.toCents(transaction.amount()));
    }

    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    public boolean isPurchase() {
        return type == TransactionType.PURCHASE;
    }

    public static Serde<CustomerEvent> serde() {
        return SERDE;
    }

    private static final Serde<CustomerEvent> SERDE = org.apache.kafka.common.serialization.Serdes.serdeFrom(
            (Serializer<CustomerEvent>) (topic, event) -> event == null ? null : encode(event),
            (Deserializer<CustomerEvent>) (topic, bytes) -> bytes == null ? null : decode(bytes));

    static byte[] encode(CustomerEvent event) {
        return new BinaryWriter(32 + event.eventId.length() + event.customerId.length())
                .writeByte(FORMAT_VERSION)
                .writeString(event.eventId)
                .writeString(event.customerId)
                .writeByte(event.type.ordinal())
                .writeSigned(event.timestampMillis)
                .writeUnsigned(event.amountCents)
                .toByteArray();
    }

    static CustomerEvent decode(byte[] bytes) {
        BinaryReader reader = new BinaryReader(bytes);
        int version = reader.readByte();
        if (version != FORMAT_VERSION) {
            throw new SerializationException("unknown CustomerEvent format version " + version);
        }
        String eventId = reader.readString();
        String customerId = reader.readString();
        int type = reader.readByte();
        if (type >= TransactionType.values().length) {
            throw new SerializationException("unknown transaction type " + type);
        }
        return new CustomerEvent(eventId, customerId, TransactionType.values()[type], reader.readSigned(),
                reader.readUnsigned());
    }
}
