package org.rfmstream.streams.live;

import java.math.BigDecimal;
import java.time.Instant;
import org.rfmstream.schemas.ChangeReason;
import org.rfmstream.schemas.Rfm;
import org.rfmstream.schemas.SegmentChange;

/** Segment changes as the topology would emit them, for tests. */
public final class Changes {

    private Changes() {
    }

    public static SegmentChange purchase(String customerId, String from, String to) {
        return new SegmentChange(customerId, from, to, ChangeReason.PURCHASE, Instant.parse("2011-02-10T14:38:00Z"),
                7, "inv-" + customerId, new Rfm(0, 35, new BigDecimal("5530.01")));
    }

    public static SegmentChange inactivity(String customerId, String from, String to) {
        return new SegmentChange(customerId, from, to, ChangeReason.INACTIVITY, Instant.parse("2011-05-21T00:00:00Z"),
                7, null, new Rfm(101, 3, new BigDecimal("120.50")));
    }
}
