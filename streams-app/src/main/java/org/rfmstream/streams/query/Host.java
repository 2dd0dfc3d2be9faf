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
    public static Host parse(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostAndPort.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostAndPort + "'");
        }
        try {
            return new Host(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected host:port, got '" + hostAndPort + "'", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
