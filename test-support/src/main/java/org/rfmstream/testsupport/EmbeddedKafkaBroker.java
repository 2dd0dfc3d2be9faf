package org.rfmstream.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node KRaft broker (combined broker and controller) inside the test JVM, on free ports of
 * 127.0.0.1, with its data in a scratch directory deleted on close. Tests get one through
 * {@link KafkaBrokerExtension}; benchmark harnesses may start their own with {@link #start()}.
 *
 * <p>It runs the Apache Kafka server classes themselves ({@code KafkaRaftServer}), not Kafka's test kit: from 4.4
 * the kit needs {@code org.apache.kafka.test.TestUtils}, which no published artifact contains any more.
 */
public final class EmbeddedKafkaBroker implements KafkaBrokerExtension.AutoCloseableBroker {

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** A port found free may be taken by another process before the broker binds it: try again with others. */
    private static final int ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path dir;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dir, int port) {
        this.server = server;
        this.dir = dir;
        this.port = port;
    }

    public static EmbeddedKafkaBroker start() {
        IllegalStateException failure = new IllegalStateException("cannot start the embedded Kafka broker");
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("rfm-kafka-");
                return startIn(dir);
            } catch (Exception e) {
                failure.addSuppressed(e);
                if (dir != null) {
                    deleteQuietly(dir);
                }
            }
        }
        throw failure;
    }

    private static EmbeddedKafkaBroker startIn(Path dir) throws Exception {
        int clientPort = freePort();
        int controllerPort = freePort();
        Properties properties = serverProperties(dir, clientPort, controllerPort);
        KafkaConfig config = KafkaConfig.fromProps(properties, false);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(dir.toString())
                .addDirectory(dir.toString())
                .run();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        return new EmbeddedKafkaBroker(server, dir, clientPort);
    }

    private static Properties serverProperties(Path dir, int clientPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + "," + CONTROLLER_LISTENER + "://"
                + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("log.dirs", dir.toString());
        p.setProperty("metadata.log.dir", dir.toString());
        // A single broker must not wait for replicas it will never have (offsets, transactions, groups).
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Tests of static membership use session timeouts of a few seconds.
        p.setProperty("group.min.session.timeout.ms", "1000");
        p.setProperty("group.streams.min.session.timeout.ms", "1000");
        p.setProperty("group.streams.min.heartbeat.interval.ms", "500");
        p.setProperty("auto.create.topics.enable", "false");
        // Tests replay years-old history with its own timestamps: never delete it by age.
        p.setProperty("log.retention.ms", "-1");
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a scratch directory under the system's temp dir: left behind at worst
        }
    }

    @Override
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.shutdown();
            server.awaitShutdown();
            deleteQuietly(dir);
        }
    }
}
