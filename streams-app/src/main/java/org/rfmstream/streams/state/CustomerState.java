package org.rfmstream.streams.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.Rfm;

/**
 * One customer's state in the profile store: the figures of {@link CustomerProfile} in exact integer units
 * (epoch millis, cents) plus the event ids seen within the dedup retention. Keeping the dedup memory inside the
 * customer's own value means one store read and one write per event instead of three.
 *
 * <p>Monetary is derived as purchases minus refunds, floored at zero, so the order of purchases and refunds never
 * changes the answer. The stored form is a compact binary value (see {@link #serde()}), about 60–90 bytes for a
 * typical customer; it becomes a {@link CustomerProfile} only at the edges.
 */
public final class CustomerState {

    static final long NONE = Long.MIN_VALUE;
    private static final int FORMAT_VERSION = 1;
    private static final int HAS_PURCHASE = 1;
    private static final int HAS_SEGMENT = 2;
    private static final int HAS_REVIEW = 4;
    private static final int HAS_UPDATE = 8;
    /** Values written before the first order's amount was kept lack this flag: the amount is then unknown. */
    private static final int HAS_FIRST_ORDER = 16;

    private long firstPurchase = NONE;
    private long lastPurchase = NONE;
    private long frequency;
    private long purchasedCents;
    private long firstOrderCents = NONE;
    private long refundedCents;
    private String segment;
    private long segmentSince = NONE;
    private long modelVersion;
    private long nextReviewAt = NONE;
    private long updatedAt = NONE;
    private final List<SeenEvent> seenEvents = new ArrayList<>(2);

    /** An event id remembered for deduplication, with the event's own timestamp. */
    record SeenEvent(String eventId, long timestampMillis) {
    }

    public boolean hasSeen(String eventId) {
        for (SeenEvent seen : seenEvents) {
            if (seen.eventId.equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Remembers the event, and forgets the events more than the retention older than this customer's own latest
     * event. The retention runs on the customer's event times only, never on a task's clock: other customers'
     * events cannot age an id out while the customer itself has not moved on, so a duplicate that reaches the store
     * late (a re-keyed copy behind a repartition topic, a producer retrying after a long outage) is still recognised.
     */
    public void remember(CustomerEvent event, long retentionMillis) {
        long latest = event.timestampMillis();
        for (SeenEvent seen : seenEvents) {
            latest = Math.max(latest, seen.timestampMillis);
        }
        long cutoff = saturatedSubtract(latest, retentionMillis);
        seenEvents.removeIf(seen -> seen.timestampMillis < cutoff);
        // the event just applied is kept even when it is older than the cutoff, so that its redelivery is a
        // duplicate too, until the customer's next event
        seenEvents.add(new SeenEvent(event.eventId(), event.timestampMillis()));
    }

    /** Adds the event's money: a purchase counts and moves recency, a refund only gives money back. */
    public void apply(CustomerEvent event) {
        if (event.isPurchase()) {
            frequency++;
            purchasedCents = saturatedAdd(purchasedCents, event.amountCents());
            long at = event.timestampMillis();
            // the earliest purchase's amount, whatever order the events arrive in; a tie keeps the smaller amount
            if (firstPurchase == NONE || at < firstPurchase) {
                firstOrderCents = event.amountCents();
            } else if (at == firstPurchase && firstOrderCents != NONE) {
                firstOrderCents = Math.min(firstOrderCents, event.amountCents());
            }
            firstPurchase = firstPurchase == NONE ? at : Math.min(firstPurchase, at);
            lastPurchase = lastPurchase == NONE ? at : Math.max(lastPurchase, at);
        } else {
            refundedCents = saturatedAdd(refundedCents, event.amountCents());
        }
    }

    /** Only customers who bought something have RFM figures, and so a segment. */
    public boolean hasPurchased() {
        return frequency > 0;
    }

    public long frequency() {
        return frequency;
    }

    public long monetaryCents() {
        return Math.max(0, purchasedCents - refundedCents);
    }

    public long refundedCents() {
        return refundedCents;
    }

    /** Null if the customer never purchased. */
    public Instant lastPurchase() {
        return instant(lastPurchase);
    }

    public long lastPurchaseMillis() {
        return lastPurchase;
    }

    public Rfm rfm(long atMillis) {
        return new Rfm(Rfm.recencyDays(lastPurchase(), Instant.ofEpochMilli(atMillis)), frequency,
                Money.fromCents(monetaryCents()));
    }

    public String segment() {
        return segment;
    }

    public long modelVersion() {
        return modelVersion;
    }

    public long nextReviewAtMillis() {
        return nextReviewAt;
    }

    public boolean hasReview() {
        return nextReviewAt != NONE;
    }

    /** Records the segment under a model; {@code segmentSince} moves only when the segment itself changes. */
    public void assign(String newSegment, long atMillis, long newModelVersion, Instant newNextReviewAt) {
        if (!newSegment.equals(segment)) {
            segment = newSegment;
            segmentSince = atMillis;
        }
        modelVersion = newModelVersion;
        nextReviewAt = newNextReviewAt == null ? NONE : newNextReviewAt.toEpochMilli();
    }

    /** When the customer was last brought up to date (the clock's instant then); {@code Long.MIN_VALUE} if never. */
    public long updatedAtMillis() {
        return updatedAt;
    }

    public void touched(long atMillis) {
        updatedAt = updatedAt == NONE ? atMillis : Math.max(updatedAt, atMillis);
    }

    public CustomerProfile toProfile(String customerId) {
        return new CustomerProfile(customerId, instant(firstPurchase), instant(lastPurchase), frequency,
                Money.fromCents(monetaryCents()), Money.fromCents(refundedCents), segment, instant(segmentSince),
                segment == null ? null : modelVersion, instant(nextReviewAt), instant(updatedAt),
                firstOrderCents == NONE ? null : Money.fromCents(firstOrderCents));
    }

    List<SeenEvent> seenEvents() {
        return List.copyOf(seenEvents);
    }

    private static Instant instant(long millis) {
        return millis == NONE ? null : Instant.ofEpochMilli(millis);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedSubtract(long a, long b) {
        long difference = a - b;
        return ((a ^ b) & (a ^ difference)) < 0 ? Long.MIN_VALUE + 1 : difference;
    }

    /** The store's serde: compact binary, never JSON. */
    public static Serde<CustomerState> serde() {
        return SERDE;
    }

    private static final Serde<CustomerState> SERDE = org.apache.kafka.common.serialization.Serdes.serdeFrom(
            (Serializer<CustomerState>) (topic, state) -> state == null ? null : encode(state),
            (Deserializer<CustomerState>) (topic, bytes) -> bytes == null ? null : decode(bytes));

    static byte[] encode(CustomerState state) {
        int flags = (state.lastPurchase != NONE ? HAS_PURCHASE : 0)
                | (state.segment != null ? HAS_SEGMENT : 0)
                | (state.nextReviewAt != NONE ? HAS_REVIEW : 0)
                | (state.updatedAt != NONE ? HAS_UPDATE : 0)
                | (state.lastPurchase != NONE && state.firstOrderCents != NONE ? HAS_FIRST_ORDER : 0);
        BinaryWriter writer = new BinaryWriter(96).writeByte(FORMAT_VERSION).writeByte(flags);
        if (state.lastPurchase != NONE) {
            writer.writeSigned(state.lastPurchase).writeUnsigned(state.lastPurchase - state.firstPurchase);
        }
        writer.writeUnsigned(state.frequency).writeUnsigned(state.purchasedCents).writeUnsigned(state.refundedCents);
        if (state.lastPurchase != NONE && state.firstOrderCents != NONE) {
            writer.writeUnsigned(state.firstOrderCents);
        }
        if (state.segment != null) {
            writer.writeString(state.segment).writeSigned(state.segmentSince).writeUnsigned(state.modelVersion);
        }
        // Later instants are written relative to the last purchase when there is one: fewer bytes.
        long base = state.lastPurchase != NONE ? state.lastPurchase : 0;
        if (state.nextReviewAt != NONE) {
            writer.writeSigned(state.nextReviewAt - base);
        }
        if (state.updatedAt != NONE) {
            writer.writeSigned(state.updatedAt - base);
        }
        writer.writeUnsigned(state.seenEvents.size());
        for (SeenEvent seen : state.seenEvents) {
            writer.writeString(seen.eventId).writeSigned(seen.timestampMillis - base);
        }
        return writer.toByteArray();
    }

    static CustomerState decode(byte[] bytes) {
        BinaryReader reader = new BinaryReader(bytes);
        int version = reader.readByte();
        if (version != FORMAT_VERSION) {
            throw new SerializationException("unknown CustomerState format version " + version);
        }
        int flags = reader.readByte();
        CustomerState state = new CustomerState();
        if ((flags & HAS_PURCHASE) != 0) {
            state.lastPurchase = reader.readSigned();
            state.firstPurchase = state.lastPurchase - reader.readUnsigned();
        }
        state.frequency = reader.readUnsigned();
        state.purchasedCents = reader.readUnsigned();
        state.refundedCents = reader.readUnsigned();
        if ((flags & HAS_FIRST_ORDER) != 0) {
            state.firstOrderCents = reader.readUnsigned();
        }
        if ((flags & HAS_SEGMENT) != 0) {
            state.segment = reader.readString();
            state.segmentSince = reader.readSigned();
            state.modelVersion = reader.readUnsigned();
        }
        long base = state.lastPurchase != NONE ? state.lastPurchase : 0;
        if ((flags & HAS_REVIEW) != 0) {
            state.nextReviewAt = base + reader.readSigned();
        }
        if ((flags & HAS_UPDATE) != 0) {
            state.updatedAt = base + reader.readSigned();
        }
        long seen = reader.readUnsigned();
        for (long i = 0; i < seen; i++) {
            state.seenEvents.add(new SeenEvent(reader.readString(), base + reader.readSigned()));
        }
        if (!reader.atEnd()) {
            throw new SerializationException("CustomerState has trailing bytes");
        }
        return state;
    }
}
