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
 * <p>Reads go partition by partition ({@code StoreQueryParameters.withPartition}): Kafka Streams' composite store
 * silently skips a partition that cannot be read, which would make a customer "unknown" or a sum too small.
 * A point read of a partition without a local copy throws {@link StoreUnavailableException}; sums and pages
 * say which partitions they cover.
 */
public interface LocalCustomerStore {

    /**
     * The customer's profile from this instance's copy of the partition, whichever it is: active, restoring or
     * standby, also while the stream thread is rebalancing (how far behind the copy is:
     * {@link MetadataSource#localLag}). Reads that one partition, so that a missing copy throws rather than
     * answering "unknown".
     *
     * @param partition the customer's partition, from {@link MetadataSource#ownersOf}
     * @throws StoreUnavailableException if this instance holds no readable copy of the partition right now
     */
    Optional<CustomerProfile> profile(String customerId, int partition);

    /**
     * Per segment id, the sums over the customers of this instance's ACTIVE partitions only (standby copies
     * would count customers twice across instances). Customers without a segment yet are not counted. Kept up to
     * date by the topology as profiles change, so this costs O(segments), never a scan of the customers. An
     * active partition that cannot be read right now (restoring, moving) is left out, and only the partitions
     * read are in {@link Covered#partitions()}.
     */
    Covered<Map<String, SegmentStats>> segmentStats();

    /**
     * Up to {@code limit} profiles of the segment from this instance's ACTIVE partitions, sorted by customer id,
     * with ids strictly after {@code afterCustomerId} (null: from the start); over the partitions that could be
     * read, named in {@link Covered#partitions()}.
     */
    Covered<List<CustomerProfile>> segmentPage(String segmentId, String afterCustomerId, int limit);

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
