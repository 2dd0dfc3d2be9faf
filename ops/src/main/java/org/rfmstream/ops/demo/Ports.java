package org.rfmstream.ops.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rfmstream.ops.OpsException;

/** Checks, before anything starts, that every port the demo will listen on is free. */
final class Ports {

    /** A port the demo needs, what it is for and the option that changes it. */
    record Need(int port, String purpose, String option) {
    }

    private Ports() {
    }

    /**
     * @throws OpsException one message naming every port that is taken (or given twice) and the option to change it
     */
    static void requireFree(List<Need> needs) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Need> seen = new HashMap<>();
        for (Need need : needs) {
            if (need.port() < 1 || need.port() > 65535) {
                problems.add(need.option() + " must be a port between 1 and 65535, is " + need.port());
                continue;
            }
            Need earlier = seen.putIfAbsent(need.port(), need);
            if (earlier != null) {
                problems.add("port " + need.port() + " is given for both " + earlier.purpose() + " (" + earlier.option()
                        + ") and " + need.purpose() + " (" + need.option() + ")");
            } else if (!isFree(need.port())) {
                problems.add("port " + need.port() + " (" + need.purpose() + ", " + need.option()
                        + ") is already in use");
            }
        }
        if (!problems.isEmpty()) {
            throw new OpsException(String.join("; ", problems)
                    + ". Stop what uses it (an earlier demo still running?) or choose other ports with the options.");
        }
    }

    /** Free on the loopback address and on every address, as the broker binds one and the HTTP servers the other. */
    static boolean isFree(int port) {
        try {
            return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    && canBind(new InetSocketAddress(port));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
