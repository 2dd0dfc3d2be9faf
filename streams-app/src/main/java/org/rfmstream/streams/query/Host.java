package org.rfmstream.streams.query;

import java.util.Objects;

/** An application instance as other instances reach it over HTTP: its {@code application.server}. */
public record Host(String host, int port) {

    public Host {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, is " + port);
        }
    }

    /** {@code host:port}, as in {@code APPLICATION_SERVER}. */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
