package org.rfmstream.streams.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The routes of the HTTP API, and the paths one instance requests from another. */
public final class ApiPaths {

    public static final String CUSTOMER = "/api/customers/{id}";
    public static final String SEGMENTS = "/api/segments";
    public static final String SEGMENT_CUSTOMERS = "/api/segments/{id}/customers";
    public static final String MODEL = "/api/model";
    public static final String SCORE = "/api/score";
    public static final String RFM_GROUPS = "/api/rfm-groups";
    public static final String CONCENTRATION = "/api/concentration";
    public static final String CUSTOMERS_CSV = "/api/customers.csv";
    public static final String HEALTH = "/health";
    public static final String READY = "/ready";
    public static final String METRICS = "/metrics";

    /** Answered by each instance from its own state only; the receiving instance of a public route sums them. */
    public static final String INTERNAL_SEGMENT_TOTALS = "/internal/segments/totals";
    public static final String INTERNAL_SEGMENT_CUSTOMERS = "/internal/segments/{id}/customers";
    public static final String INTERNAL_MARKETING_TOTALS = "/internal/marketing/totals";
    public static final String INTERNAL_CUSTOMERS = "/internal/customers";

    private ApiPaths() {
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
