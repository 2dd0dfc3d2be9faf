package org.rfmstream.streams.query;

import java.util.List;
import org.rfmstream.schemas.CustomerProfile;

/**
 * One page of a segment's customers, sorted by customer id. {@code next} is the cursor of the following page
 * (pass it as {@code after=}); null on the last page. {@code missingPartitions} names the partitions whose
 * customers could not be read right now and are not in the page; empty when complete.
 */
public record CustomerPage(String segment, int limit, String after, List<CustomerProfile> customers, String next,
                           List<Integer> missingPartitions) {
}
