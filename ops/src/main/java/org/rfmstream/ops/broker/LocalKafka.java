package org.rfmstream.ops.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.rfmstream.ops.OpsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process, the Apache Kafka server classes) on
 * 127.0.0.1, for running the system on one machine. Its data directory survives restarts: it is formatted once,
 * with a new cluster id, and reused as it is afterwards.
 *
 * <p>The settings make exactly-once work on one broker: replication factor 1 and min ISR 1 for the offsets and
 * transaction state topics (without them clients never get records, and nothing says why). Retention is unlimited,
 * because replays of history carry record timestamps years in the past.
 */
public final class LocalKafka implements AutoCloseable {

    public static final int DEFAULT_PORT = 9092;
    public static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";
    private static final String LOCK_FILE = ".lock";
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    private final KafkaRaftServer server;
    private final Path dir;
    private final int port;
    private final String clusterId;
    private boolean closed;

    private LocalKafka(KafkaRaftServer server, Path dir, int port, String clusterId) {
        this.server = server;
        this.dir = dir;
        this.port = port;
        this.clusterId = clusterId;
    }

    /** {@code data/kafka} under the working directory. */
    public static Path defaultDir() {
        return Path.of("data", "kafka");
    }

    /**
     * Formats {@code dir} if it is new, starts the broker and returns once it accepts clients.
     *
     * @param port the client port on 127.0.0.1; 0 picks a free one
     * @throws OpsException when the port is taken or the broker cannot start on this directory
     */
    public static LocalKafka start(Path dir, int port) {
        Path absoluteDir = dir.toAbsolutePath().normalize();
        int clientPort = port == 0 ? freePort() : requireFreePort(port);
        int controllerPort = freePort();
        Properties properties = serverProperties(absoluteDir, clientPort, controllerPort);
        KafkaConfig config = KafkaConfig.fromProps(properties, false);
        String clusterId = formatIfNew(absoluteDir);
        requireUnusedDir(absoluteDir);
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(config, Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new OpsException("Kafka cannot open " + absoluteDir + ": " + rootMessage(e), e);
        }
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw new OpsException("Kafka did not start on " + absoluteDir + ": " + rootMessage(e), e);
        }
        LOG.debug("Kafka started on {}:{} (controller on port {}), data in {}", HOST, clientPort, controllerPort, absoluteDir);
        return new LocalKafka(server, absoluteDir, clientPort, clusterId);
    }

    static Properties serverProperties(Path dir, int clientPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("log.dirs", dir.toString());
        p.setProperty("metadata.log.dir", dir.toString());
        // One broker: every internal topic with one replica and an ISR of one, or exactly-once silently stalls.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "10");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("num.partitions", "1");
        // Topics come from `ops topics` (compaction, partitions): a typo or a stray consumer must not create one.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("group.consumer.min.session.timeout.ms", "3000");
        p.setProperty("group.min.session.timeout.ms", "3000");
        // Replayed history has timestamps from years ago: time-based retention would delete it at once.
        p.setProperty("log.retention.ms", "-1");
        return p;
    }

    /** Formats a new directory with a new cluster id; a formatted one is left as it is. Returns the cluster id. */
    private static String formatIfNew(Path dir) {
        Path metaProperties = dir.resolve(META_PROPERTIES);
        if (Files.exists(metaProperties)) {
            return readClusterId(metaProperties);
        }
        String clusterId = Uuid.randomUuid().toString();
        try {
            Files.createDirectories(dir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir.toString())
                    .addDirectory(dir.toString())
                    .run();
        } catch (Exception e) {
            throw new OpsException("cannot format " + dir + " for Kafka: " + rootMessage(e), e);
        }
        return clusterId;
    }

    private static String readClusterId(Path metaProperties) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(metaProperties)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new OpsException("cannot read " + metaProperties + ": " + e.getMessage(), e);
        }
        String clusterId = properties.getProperty("cluster.id");
        if (clusterId == null) {
            throw new OpsException(metaProperties + " has no cluster.id: it is not a KRaft data directory");
        }
        return clusterId;
    }

    /**
     * Kafka locks the directory only when its broker half starts, after the controller has already written to the
     * metadata log: a second broker on the same directory would corrupt the first one's log before failing.
     */
    private static void requireUnusedDir(Path dir) {
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw dirInUse(dir);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw dirInUse(dir);
        } catch (IOException e) {
            throw new OpsException("cannot use " + dir + " for Kafka: " + e.getMessage(), e);
        }
    }

    private static OpsException dirInUse(Path dir) {
        return new OpsException(dir + " is in use by another Kafka: stop it or choose another directory with --dir");
    }

    private static int requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return port;
        } catch (IOException e) {
            throw new OpsException("port " + port + " on " + HOST + " is already in use (is another Kafka running?): "
                    + "stop it or choose another port with --port");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new OpsException("cannot find a free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka did not shut down cleanly after a failed start", e);
        }
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Blocks until the broker has stopped (after {@link #close()} from another thread, e.g. a shutdown hook). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /** Stops the broker cleanly and waits for it; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }
}
