package org.rfmstream.streams.http;

import org.rfmstream.streams.query.PeerPaths;

/** The routes of the HTTP API. */
public final class ApiPaths {

    public static final String CUSTOMER = PeerPaths.CUSTOMER;
    public static final String SEGMENTS = "/api/segments";
    public static final String SEGMENT_CUSTOMERS = "/api/segments/{id}/customers";
    public static final String MODEL = "/api/model";
    public static final String SCORE = "/api/score";
    public static final String RFM_GROUPS = "/api/rfm-groups";
    public static final String CONCENTRATION = "/api/concentration";
    public static final String CUSTOMERS_CSV = "/api/customers.csv";
    /** Only with {@code API_TOKEN} set: sends an erasure request for the customer. */
    public static final String ERASE_CUSTOMER = "/api/customers/{id}/erase";
    public static final String HEALTH = "/health";
    public static final String READY = "/ready";
    public static final String METRICS = "/metrics";

    /** Answered by each instance from its own state only; the receiving instance of a public route sums them. */
    public static final String INTERNAL_SEGMENT_TOTALS = PeerPaths.INTERNAL_SEGMENT_TOTALS;
    public static final String INTERNAL_SEGMENT_CUSTOMERS = PeerPaths.INTERNAL_SEGMENT_CUSTOMERS;
    public static final String INTERNAL_MARKETING_TOTALS = PeerPaths.INTERNAL_MARKETING_TOTALS;
    public static final String INTERNAL_CUSTOMERS = PeerPaths.INTERNAL_CUSTOMERS;

    private ApiPaths() {
    }
}
