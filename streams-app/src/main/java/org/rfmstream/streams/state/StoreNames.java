package org.rfmstream.streams.state;

/**
 * The state stores of the segmentation topology. The logged ones have changelog topics
 * {@code <application.id>-<store>-changelog}; the model store is global and restored from {@code segment-models}.
 */
public final class StoreNames {

    /** customerId (String) → {@link CustomerState} (compact binary): the profile and the dedup memory. */
    public static final String PROFILES = "customer-profile-store";
    /**
     * segment id (String) → {@link SegmentStats}: totals of the task's customers per segment; in memory, without a
     * changelog, summed from the profiles whenever the task starts.
     */
    public static final String SEGMENT_STATS = "segment-stats-store";
    /**
     * {@link SegmentMembers} key (Bytes) → empty: each segment's customers, in id order; in memory, without a
     * changelog, rebuilt from the profiles whenever the task starts.
     */
    public static final String SEGMENT_MEMBERS = "segment-members-store";
    /**
     * String → bytes: the task's {@link MarketingTotals} (RFM cells and the spend histogram); in memory, without a
     * changelog, rebuilt from the profiles whenever the task starts.
     */
    public static final String MARKETING_TOTALS = "marketing-totals-store";
    /** String → String: the task's progress through re-scoring after a model change. */
    public static final String PROGRESS = "segmentation-progress-store";
    /** Global: {@link ModelStore#CURRENT_KEY} (String) → the current valid SegmentModel (JSON). */
    public static final String MODEL = "segment-model-store";

    private StoreNames() {
    }
}
