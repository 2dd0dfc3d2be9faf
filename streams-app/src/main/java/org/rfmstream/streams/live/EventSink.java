package org.rfmstream.streams.live;

/** One connected client as the feed sees it, e.g. a Server-Sent Events connection. Used by one thread at a time. */
public interface EventSink {

    /** Writes the event; false when the client has gone away. */
    boolean send(FeedEvent event);

    /** Tells the client (and any proxy between) that the stream is alive; false when the client has gone away. */
    boolean heartbeat();

    /** Ends the connection; called once, when delivery stops for any reason. */
    void close();
}
