package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rfmstream.ops.OpsException;

class PortsTest {

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void freePortsPass() throws IOException {
        int first = freePort();
        int second = freePort();

        assertThatCode(() -> Ports.requireFree(List.of(new Ports.Need(first, "Kafka", "--kafka-port"),
                new Ports.Need(second, "dashboard", "--http-port")))).doesNotThrowAnyException();
    }

    @Test
    void portsInUseAreAllNamedWithTheOptionThatChangesThem() throws IOException {
        try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket wildcard = new ServerSocket(0)) {
            int free = freePort();

            assertThatThrownBy(() -> Ports.requireFree(List.of(
                    new Ports.Need(loopback.getLocalPort(), "Kafka", "--kafka-port"),
                    new Ports.Need(free, "trainer metrics", "--trainer-port"),
                    new Ports.Need(wildcard.getLocalPort(), "dashboard and HTTP API", "--http-port"))))
                    .isInstanceOf(OpsException.class)
                    .hasMessageContaining("port " + loopback.getLocalPort() + " (Kafka, --kafka-port) is already in use")
                    .hasMessageContaining("port " + wildcard.getLocalPort()
                            + " (dashboard and HTTP API, --http-port) is already in use")
                    .hasMessageNotContaining(String.valueOf(free));
        }
    }

    @Test
    void theSamePortForTwoThingsIsRefused() throws IOException {
        int port = freePort();

        assertThatThrownBy(() -> Ports.requireFree(List.of(new Ports.Need(port, "Kafka", "--kafka-port"),
                new Ports.Need(port, "dashboard", "--http-port"))))
                .hasMessageContaining("port " + port + " is given for both Kafka (--kafka-port) and dashboard "
                        + "(--http-port)");
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> Ports.requireFree(List.of(new Ports.Need(70000, "Kafka", "--kafka-port"))))
                .hasMessageContaining("--kafka-port must be a port between 1 and 65535, is 70000");
    }

    @Test
    void aPortTakenOnlyOnLoopbackIsNotFree() throws IOException {
        try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(Ports.isFree(loopback.getLocalPort())).isFalse();
        }
    }
}
