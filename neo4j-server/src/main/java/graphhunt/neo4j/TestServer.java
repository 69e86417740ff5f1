package graphhunt.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * graphhunt's Neo4j test server: an embedded Neo4j 5.x (Community) database with
 * its Bolt connector listening on 127.0.0.1 (no TLS), auth enabled.
 *
 * <p>Environment:
 * <ul>
 *   <li>GRAPHHUNT_NEO4J_PORT     Bolt port (default 7687)</li>
 *   <li>GRAPHHUNT_NEO4J_PASSWORD password of user neo4j (default graphhunt-test-pw)</li>
 *   <li>GRAPHHUNT_NEO4J_PAGECACHE page cache size, e.g. 512m or 1g (default 1g)</li>
 * </ul>
 * System properties:
 * <ul>
 *   <li>graphhunt.neo4j.home     DBMS home (data/, logs/ go there); default run/home</li>
 *   <li>graphhunt.neo4j.plugins  plugin directory scanned for procedures (the GDS jars); optional</li>
 *   <li>graphhunt.neo4j.ready    file written once the password is set and Bolt is up; optional</li>
 * </ul>
 *
 * <p>SIGTERM (or Ctrl-C) shuts the DBMS down cleanly through a shutdown hook.
 */
public final class TestServer {

    private TestServer() {
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return (v == null || v.isBlank()) ? dflt : v;
    }

    private static void log(String msg) {
        System.out.println("[graphhunt-neo4j] " + msg);
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        int port = Integer.parseInt(env("GRAPHHUNT_NEO4J_PORT", "7687"));
        String password = env("GRAPHHUNT_NEO4J_PASSWORD", "graphhunt-test-pw");
        String pagecache = env("GRAPHHUNT_NEO4J_PAGECACHE", "1g");
        long pagecacheBytes = bytes(pagecache);
        Path home = Path.of(System.getProperty("graphhunt.neo4j.home", "run/home")).toAbsolutePath();
        String pluginsProp = System.getProperty("graphhunt.neo4j.plugins", "");
        String readyProp = System.getProperty("graphhunt.neo4j.ready", "");
        Path ready = readyProp.isEmpty() ? null : Path.of(readyProp).toAbsolutePath();
        if (ready != null) {
            Files.deleteIfExists(ready);
        }
        Files.createDirectories(home);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // No usage reports from a test server.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Tests deliberately try wrong passwords: never lock the account.
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                // The page cache (off-heap; the JVM heap is set by -Xmx) should hold the store: a
                // 100k-account push makes a ~400 MB store, and with 256 MiB the pushes evicted pages.
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecacheBytes)
                // Keep only the last two transaction log files (benchmarks wrote GBs with the default).
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                // ... of 32 MiB each, not preallocated: the 256 MiB default was preallocated, so every
                // run-PORT/ directory held ~520 MB of empty transaction log, and a CI disk filled up.
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 32L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Netty's default graceful shutdown of the Bolt event loops waits ~15 s; a test
                // server has nothing to drain, so stop them at once.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(1));
        if (!pluginsProp.isEmpty()) {
            Path plugins = Path.of(pluginsProp).toAbsolutePath();
            builder.setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        }

        log("starting Neo4j (home " + home + ", bolt 127.0.0.1:" + port + ")");
        DatabaseManagementService dbms = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("shutting down");
            try {
                dbms.shutdown();
                log("shut down cleanly");
            } catch (RuntimeException e) {
                log("shutdown failed: " + e);
            } finally {
                if (ready != null) {
                    try {
                        Files.deleteIfExists(ready);
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
                stopped.countDown();
            }
        }, "graphhunt-neo4j-shutdown"));

        try {
            setPassword(dbms, password);
        } catch (RuntimeException e) {
            log("could not set the password of user neo4j: " + e);
            System.exit(1); // runs the shutdown hook
        }

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        String gds = gdsVersion(db);
        log(gds == null ? "GDS procedures: not loaded" : "GDS procedures: loaded, gds.version() = " + gds);

        double secs = (System.nanoTime() - t0) / 1e9;
        log(String.format("ready after %.1f s: bolt://127.0.0.1:%d user neo4j", secs, port));
        if (ready != null) {
            Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
            Files.writeString(tmp, "port=" + port + "\ngds=" + (gds == null ? "" : gds) + "\npagecache="
                    + pagecache + "\n",
                    StandardCharsets.UTF_8);
            Files.move(tmp, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        stopped.await();
    }

    /** "512m", "1g", "1073741824" -> bytes. */
    private static long bytes(String size) {
        String v = size.trim().toLowerCase();
        long unit = 1;
        char last = v.charAt(v.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Long.parseLong(v) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GRAPHHUNT_NEO4J_PAGECACHE: not a size: " + size);
        }
    }

    /** Sets neo4j's password (idempotent) and clears the "change required" flag. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            log("password of user neo4j set");
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to the one already set: that means it is right.
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("Old password and new password cannot be the same")) {
                system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
                log("password of user neo4j already set");
            } else {
                throw e;
            }
        }
    }

    private static String gdsVersion(GraphDatabaseService db) {
        try {
            return db.executeTransactionally("RETURN gds.version() AS v", Map.of(),
                    r -> String.valueOf(r.next().get("v")));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
