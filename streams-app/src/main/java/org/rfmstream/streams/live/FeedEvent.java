package org.rfmstream.streams.live;

import org.rfmstream.schemas.SegmentChange;

/**
 * One segment change as the feed hands it out: its position in this process's feed and its JSON, serialised
 * once however many clients receive it.
 *
 * @param id   the Server-Sent Events id, {@code <feed epoch>-<sequence>}; a reconnecting browser sends it back
 *             as {@code Last-Event-ID} and gets only what it missed
 */
public record FeedEvent(String id, long sequence, SegmentChange change, String json) {
}
