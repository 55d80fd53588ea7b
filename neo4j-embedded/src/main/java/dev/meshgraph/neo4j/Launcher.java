package dev.meshgraph.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * The bundled Neo4j: the Community engine, embedded, reachable only over Bolt on 127.0.0.1.
 *
 * <p>Protocol with the Node.js parent (src/neo4j/bundled.ts), one line each on stdout:
 * <ul>
 *   <li>{@code MESHGRAPH-NEO4J READY <port> <version>} once Bolt accepts connections;</li>
 *   <li>{@code MESHGRAPH-NEO4J ERROR <code> <message>} and a non-zero exit when it cannot start.</li>
 * </ul>
 * The parent keeps our stdin open; when it closes (the parent exited or died) we shut down
 * cleanly, so no orphaned database keeps the data folder locked. SIGTERM/SIGINT do the same
 * through the shutdown hook.
 *
 * <p>Arguments: {@code --data-dir DIR --port PORT --pagecache-mb N}. Heap is fixed by the parent
 * through -Xms/-Xmx.
 */
public final class Launcher {
    static final int EXIT_USAGE = 2;
    static final int EXIT_PORT_IN_USE = 3;
    static final int EXIT_DATA_LOCKED = 4;
    static final int EXIT_START_FAILED = 5;

    private Launcher() {}

    public static void main(String[] args) {
        Path dataDir = null;
        int port = 7687;
        long pageCacheMb = 128;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data-dir" -> dataDir = Path.of(args[++i]).toAbsolutePath();
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--pagecache-mb" -> pageCacheMb = Long.parseLong(args[++i]);
                    default -> fail(EXIT_USAGE, "USAGE", "unknown argument " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            fail(EXIT_USAGE, "USAGE", "bad arguments: " + e.getMessage());
        }
        if (dataDir == null) {
            fail(EXIT_USAGE, "USAGE", "--data-dir is required");
        }

        ensurePortFree(port);

        DatabaseManagementService dbms;
        try {
            Files.createDirectories(dataDir);
            dbms = new DatabaseManagementServiceBuilder(dataDir)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(120))
                    // One import is one transaction (readers never see half of it): let transactions
                    // use 85 % of the heap rather than Neo4j's default 70 %, so that the whole
                    // Nubenetes site (both editions, ~26,000 listings) commits at the default 512 MB.
                    .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                            Runtime.getRuntime().maxMemory() / 100 * 85)
                    .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                    .build();
        } catch (Throwable e) {
            String msg = describe(e);
            if (msg.contains("lock") || msg.contains("Lock")) {
                fail(EXIT_DATA_LOCKED, "DATA_LOCKED",
                        "the data folder " + dataDir + " is locked by another Neo4j process; stop it or choose another DATA_DIR ("
                                + msg + ")");
            }
            fail(EXIT_START_FAILED, "START_FAILED", msg);
            return;
        }

        AtomicBoolean stopped = new AtomicBoolean(false);
        CountDownLatch done = new CountDownLatch(1);
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    dbms.shutdown();
                } finally {
                    done.countDown();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
        }, "meshgraph-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofSeconds(60).toMillis())) {
            stop.run();
            fail(EXIT_START_FAILED, "START_FAILED", "the default database did not become available within 60 s");
        }
        String version = org.neo4j.kernel.internal.Version.getNeo4jVersion();
        System.out.println("MESHGRAPH-NEO4J READY " + port + " " + version);
        System.out.flush();

        watchParent(stop);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    /** Bolt on a taken port would fail deep inside Neo4j with a long stack; say it plainly instead. */
    private static void ensurePortFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (IOException e) {
            fail(EXIT_PORT_IN_USE, "PORT_IN_USE",
                    "127.0.0.1:" + port + " is already in use by another process; stop it or set NEO4J_BOLT_PORT");
        }
    }

    /** Shut down when stdin closes: the parent exited, was killed, or asked us to stop. */
    private static void watchParent(Runnable stop) {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[64];
            try {
                while (in.read(buf) >= 0) {
                    // The parent sends nothing; any bytes are ignored.
                }
            } catch (IOException ignored) {
                // A broken pipe means the same as EOF.
            }
            stop.run();
        }, "meshgraph-neo4j-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (sb.length() > 0) sb.append(": ");
            sb.append(c.getClass().getSimpleName()).append(" ").append(String.valueOf(c.getMessage()));
            if (c.getCause() == c) break;
        }
        return sb.toString().replace('\n', ' ');
    }

    private static void fail(int code, String kind, String message) {
        System.out.println("MESHGRAPH-NEO4J ERROR " + kind + " " + message);
        System.out.flush();
        System.exit(code);
    }
}
