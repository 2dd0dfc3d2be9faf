package org.rfmstream.streams.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.streams.state.SegmentStats;

/**
 * This instance's own state, as the HTTP layer reads it. The topology binds it to its stores; every method
 * answers from local data only and never calls another instance.
 *
 * <p>Every method may throw {@link StoreUnavailableException} while the stores are migrating or restoring. Throwing is the right answer
 * whenever a partition this instance is active for cannot be read: Kafka Streams' composite store silently
 * skips such a partition, which would make a customer "unknown" or a sum too small. Read per partition
 * ({@code StoreQueryParameters.withPartition}) over the active partitions of
 * {@code streams.metadataForLocalThreads()}.
 */
public interface LocalCustomerStore {

    /**
     * The customer's profile from this instance's active copy of the partition; with {@code allowStandby} a
     * standby copy may answer too (Kafka Streams' {@code StoreQueryParameters.enableStaleStores()}). Read that
     * one partition ({@code withPartition}): a copy that is still restoring must throw, not answer "unknown".
     *
     * @param partition the customer's partition, from {@link MetadataSource#ownersOf}
     */
    Optional<CustomerProfile> profile(String customerId, int partition, boolean allowStandby);

    /**
     * Per segment id, the sums over the customers of this instance's ACTIVE partitions only (standby copies
     * would count customers twice across instances). Customers without a segment yet are not counted. Kept up to
     * date by the topology as profiles change, so this costs O(segments), never a scan of the customers.
     */
    Map<String, SegmentStats> segmentStats();

    /**
     * Up to {@code limit} profiles of the segment from this instance's ACTIVE partitions, sorted by customer id,
     * with ids strictly after {@code afterCustomerId} (null: from the start).
     */
    List<CustomerProfile> segmentPage(String segmentId, String afterCustomerId, int limit);

    /**
     * Up to {@code limit} profiles of this instance's ACTIVE partitions, all segments, sorted by customer id, with
     * ids strictly after {@code afterCustomerId} (null: from the start).
     */
    List<CustomerProfile> customerPage(String afterCustomerId, int limit);

    /**
     * The marketing totals of this instance's ACTIVE partitions evaluated at the instant: RFM cells per score and
     * the spend histogram ({@link MarketingTotalsReport}, instance left null). Kept up to date by the topology, so
     * this costs O(cells + buckets), never a scan of the customers.
     */
    MarketingTotalsReport marketingTotals(Instant asOf);

    /**
     * Every profile of this instance's ACTIVE partitions, one at a time (a full scan: for background work such as
     * the segment value figures, never for a request).
     */
    default void forEachProfile(java.util.function.Consumer<CustomerProfile> action) {
        throw new UnsupportedOperationException("this store cannot be scanned");
    }

    /** Whether the stores can be read right now (for readiness). */
    boolean isQueryable();
}
