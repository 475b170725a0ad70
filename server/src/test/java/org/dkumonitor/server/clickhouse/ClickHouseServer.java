package org.dkumonitor.server.clickhouse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageSchemas;

/**
 * A private Debian clickhouse-server for one test class: its own directory, free loopback
 * ports, the config files {@link LocalClickHouse} writes for an install (plus extra config.d
 * files a test needs: shards, replicas), stopped by its pid. Tests are skipped where no
 * clickhouse-server is installed (tools/install-test-peers.sh installs it).
 */
final class ClickHouseServer implements AutoCloseable {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("DKM_CLICKHOUSE_SERVER",
            "/usr/sbin/clickhouse-server"));
    static final String USER = "dkm";
    static final String PASSWORD = "test-password";

    private final Path directory;
    private final int httpPort;
    private final int tcpPort;
    private Process process;

    private ClickHouseServer(Path directory, int httpPort, int tcpPort) {
        this.directory = directory;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
    }

    /** The default storage rules' rollup: 10 s for a day, 1 min for 30 days, 1 h after. */
    static RollupRules testRules() {
        return RollupRules.from(StorageSchemas.parse("storage-schemas.conf",
                "[carbon]\npattern = ^carbon\\.\nretentions = 60s:90d\n\n[default]\n"
                        + "pattern = .*\nretentions = 10s:1d,1m:30d,1h:3y\n"),
                StorageAggregation.parse("storage-aggregation.conf", "[sum]\npattern = \\.count$\n"
                        + "xFilesFactor = 0\naggregationMethod = sum\n\n[max]\npattern = \\.max$\n"
                        + "aggregationMethod = max\n"));
    }

    /**
     * Starts a server in {@code directory} with extra config files, named relative to its
     * conf/ directory ({@code config.d/shards.xml}, {@code users.d/tiny.xml}).
     */
    static ClickHouseServer start(Path directory, Map<String, String> configD)
            throws IOException {
        ClickHouseServer server = prepare(directory, configD, freePort(), freePort());
        server.launch();
        return server;
    }

    /** A server merging by other rules than {@link #testRules}. */
    static ClickHouseServer start(Path directory, RollupRules rules) throws IOException {
        ClickHouseServer server = prepare(directory, Map.of(), freePort(), freePort());
        LocalClickHouse.writeRollup(directory.resolve("conf"), rules, "graphite_rollup");
        server.launch();
        return server;
    }

    /** Writes the config of a server on the given ports without starting it. */
    static ClickHouseServer prepare(Path directory, Map<String, String> configD, int httpPort,
            int tcpPort) throws IOException {
        assumeTrue(Files.isExecutable(BINARY), "Debian's clickhouse-server is not installed"
                + " (tools/install-test-peers.sh installs it)");
        ClickHouseServer server = new ClickHouseServer(directory, httpPort, tcpPort);
        Path conf = directory.resolve("conf");
        LocalClickHouse.write(conf.resolve("config.xml"), LocalClickHouse.configXml("127.0.0.1",
                server.httpPort, server.tcpPort, directory.resolve("data"), "warning"), false);
        LocalClickHouse.write(conf.resolve("users.xml"), LocalClickHouse.usersXml(USER, PASSWORD,
                2_000_000_000L), true);
        LocalClickHouse.writeRollup(conf, testRules(), "graphite_rollup");
        for (Map.Entry<String, String> file : configD.entrySet()) {
            LocalClickHouse.write(conf.resolve(file.getKey()), file.getValue(), false);
        }
        return server;
    }

    void launch() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "--config-file="
                + directory.resolve("conf/config.xml"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("server.log").toFile()))
                .start();
        awaitPing();
    }

    private void awaitPing() throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("clickhouse-server exited with " + process.exitValue()
                        + "; see " + directory.resolve("server.log") + ":\n"
                        + Files.readString(directory.resolve("server.log")));
            }
            try {
                HttpResponse<String> ping = client.send(HttpRequest.newBuilder(
                        url().resolve("/ping")).build(), HttpResponse.BodyHandlers.ofString());
                if (ping.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sleep(100);
        }
        throw new IOException("clickhouse-server did not answer within 60 s");
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    int httpPort() {
        return httpPort;
    }

    int tcpPort() {
        return tcpPort;
    }

    long pid() {
        return process.pid();
    }

    ClickHouseHttp client() {
        return client(Duration.ofSeconds(30));
    }

    ClickHouseHttp client(Duration queryTimeout) {
        return new ClickHouseHttp(List.of(url()), new Credentials(USER, PASSWORD),
                Duration.ofSeconds(2), queryTimeout);
    }

    /** Runs SQL, failing the test on an error; returns the TSV answer. */
    String sql(String sql) {
        return client().execute(sql);
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) and waits for it to exit. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
