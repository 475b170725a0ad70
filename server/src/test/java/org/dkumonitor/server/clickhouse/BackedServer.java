package org.dkumonitor.server.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.MetricsServer;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.server.cluster.ClusterConfig;

/**
 * Our metrics server storing in a test's ClickHouse: carbon plaintext in, Graphite API out,
 * with the storage rules of {@link ClickHouseServer#testRules}.
 */
final class BackedServer implements AutoCloseable {

    static final String SCHEMAS = "[carbon]\npattern = ^carbon\\.\nretentions = 60s:90d\n\n"
            + "[default]\npattern = .*\nretentions = 10s:1d,1m:30d,1h:3y\n";
    static final String AGGREGATION = "[sum]\npattern = \\.count$\nxFilesFactor = 0\n"
            + "aggregationMethod = sum\n\n[max]\npattern = \\.max$\naggregationMethod = max\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    final MetricsServer server;
    final DataDir dataDir;
    private final HttpClient client = HttpClient.newHttpClient();

    private BackedServer(MetricsServer server, DataDir dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    static ServerConfig.ClickHouse clickhouse(List<URI> urls, String database,
            int uploadMillis, int queryTimeoutSeconds) {
        return new ServerConfig.ClickHouse(urls.stream().map(URI::toString).toList(), database,
                null, null, null, null, "conf/clickhouse.credentials", null, null, true, null,
                queryTimeoutSeconds, 1000, uploadMillis, null);
    }

    static BackedServer start(Path root, ServerConfig.ClickHouse clickhouse, int cacheMaxPoints,
            InstantSource clock) throws IOException {
        return start(root, clickhouse, cacheMaxPoints, clock, SCHEMAS);
    }

    static BackedServer start(Path root, ServerConfig.ClickHouse clickhouse, int cacheMaxPoints,
            InstantSource clock, String schemas) throws IOException {
        return start(root, clickhouse, cacheMaxPoints, clock, schemas, null);
    }

    /** A cluster front end over {@code cluster}'s servers when it is not null. */
    static BackedServer start(Path root, ServerConfig.ClickHouse clickhouse, int cacheMaxPoints,
            InstantSource clock, String schemas, ClusterConfig cluster) throws IOException {
        DataDir dataDir = new DataDir(root);
        Files.createDirectories(dataDir.conf());
        Files.writeString(dataDir.confFile("storage-schemas.conf"), schemas);
        Files.writeString(dataDir.confFile("storage-aggregation.conf"), AGGREGATION);
        LocalClickHouse.write(dataDir.confFile("clickhouse.credentials"), "user="
                + ClickHouseServer.USER + "\npassword=" + ClickHouseServer.PASSWORD + "\n", true);
        ServerConfig config = new ServerConfig(
                new ServerConfig.Carbon("127.0.0.1", 0, false, null, 600, null),
                new ServerConfig.Api("127.0.0.1", 0),
                new ServerConfig.Storage(20, cacheMaxPoints, 1, 16, false,
                        new ServerConfig.Wal(true, 5, 3600), null, null, null, null, null,
                        ServerConfig.Backend.CLICKHOUSE, clickhouse),
                new ServerConfig.SelfMetrics(false, 3600, "testhost"), null).withCluster(cluster);
        return new BackedServer(MetricsServer.start(dataDir, config, clock), dataDir);
    }

    ClickHouseStore store() {
        return server.clickhouse();
    }

    void send(String lines) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(),
                server.plaintextPort())) {
            socket.getOutputStream().write(lines.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            socket.getInputStream().read();
        }
    }

    /** Waits until everything received is in ClickHouse. */
    void flush() {
        if (!store().flush(60_000)) {
            throw new AssertionError("the log did not reach ClickHouse");
        }
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.apiPort() + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String form) throws IOException,
            InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.apiPort() + path)).header("Content-Type",
                        "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** /render as JSON, failing on anything but 200. */
    JsonNode render(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/render?format=json&" + query);
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Override
    public void close() {
        server.stop();
    }
}
