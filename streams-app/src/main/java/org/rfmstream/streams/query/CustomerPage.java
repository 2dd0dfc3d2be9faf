package org.rfmstream.streams.query;

import java.util.List;
import org.rfmstream.schemas.CustomerProfile;

/**
 * One page of a segment's customers, sorted by customer id. {@code next} is the cursor of the following page
 * (pass it as {@code after=}); null on the last page.
 */
public record CustomerPage(String segment, int limit, String after, List<CustomerProfile> customers, String next) {
}
