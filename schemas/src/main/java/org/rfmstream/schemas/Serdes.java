package org.rfmstream.schemas;

/** The serdes of every topic's value, made in one place. */
public final class Serdes {

    private Serdes() {
    }

    public static JsonSerde<Transaction> transaction() {
        return JsonSerde.of(Transaction.class);
    }

    public static JsonSerde<CustomerProfile> customerProfile() {
        return JsonSerde.of(CustomerProfile.class);
    }

    public static JsonSerde<SegmentModel> segmentModel() {
        return JsonSerde.of(SegmentModel.class);
    }

    public static JsonSerde<SegmentChange> segmentChange() {
        return JsonSerde.of(SegmentChange.class);
    }

    public static JsonSerde<ErasureRequest> erasureRequest() {
        return JsonSerde.of(ErasureRequest.class);
    }
}
