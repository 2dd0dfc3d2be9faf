package org.rfmstream.streams.query;

import java.util.List;
import org.rfmstream.schemas.CustomerProfile;

/** One instance's answer at {@code /internal/segments/{id}/customers}: its local page, sorted by id. */
public record SegmentPageReport(String instance, List<CustomerProfile> customers) {
}
