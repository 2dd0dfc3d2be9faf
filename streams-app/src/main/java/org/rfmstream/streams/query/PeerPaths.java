package org.rfmstream.streams.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The paths one instance requests from another. The HTTP layer serves them ({@code ApiPaths} names the same
 * routes); the {@code /internal} ones are answered by each instance from its own state only.
 */
public final class PeerPaths {

    public static final String CUSTOMER = "/api/customers/{id}";
    public static final String INTERNAL_SEGMENT_TOTALS = "/internal/segments/totals";
    public static final String INTERNAL_SEGMENT_CUSTOMERS = "/internal/segments/{id}/customers";
    public static final String INTERNAL_MARKETING_TOTALS = "/internal/marketing/totals";
    public static final String INTERNAL_CUSTOMERS = "/internal/customers";

    private PeerPaths() {
    }

    static String customer(String customerId, Instant asOf) {
        String path = "/api/customers/" + encode(customerId);
        return asOf == null ? path : path + "?asOf=" + encode(asOf.toString());
    }

    static String internalSegmentCustomers(String segmentId, String after, int limit) {
        String path = "/internal/segments/" + encode(segmentId) + "/customers?limit=" + limit;
        return after == null ? path : path + "&after=" + encode(after);
    }

    static String internalMarketingTotals(Instant asOf) {
        return INTERNAL_MARKETING_TOTALS + "?asOf=" + encode(asOf.toString());
    }

    static String internalCustomers(String after, int limit) {
        String path = INTERNAL_CUSTOMERS + "?limit=" + limit;
        return after == null ? path : path + "&after=" + encode(after);
    }

    private static String encode(String value) {
        // URLEncoder encodes for forms; a path segment wants %20, not +
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
