package org.dkumonitor.server.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.testkit.TestPorts;

/**
 * Debian's graphite-web serving a whisper tree on a free loopback port, started and stopped
 * through the peer script ({@code DKM_GRAPHITE_WEB_SCRIPT}, default the repository's
 * tools/peers/graphite-web.sh). {@link #available()} says whether it can run here.
 */
public final class GraphiteWebPeer implements AutoCloseable {

    public static final Path SCRIPT = Path.of(System.getenv().getOrDefault(
            "DKM_GRAPHITE_WEB_SCRIPT", "../tools/peers/graphite-web.sh")).toAbsolutePath()
            .normalize();

    private final Path root;
    private final int port;
    private final String clusterServers;
    private final boolean freshDatabase;
    private final Map<String, String> environment;

    private GraphiteWebPeer(Path root, int port, String clusterServers, boolean freshDatabase,
            Map<String, String> environment) {
        this.root = root;
        this.port = port;
        this.clusterServers = clusterServers;
        this.freshDatabase = freshDatabase;
        this.environment = Map.copyOf(environment);
    }

    /** The script and graphite-web's settings module (what install-test-peers.sh imports). */
    public static boolean available() {
        return Files.isExecutable(SCRIPT) && Files.isRegularFile(
                Path.of("/usr/lib/python3/dist-packages/graphite/settings.py"));
    }

    public static GraphiteWebPeer start(Path root) throws IOException, InterruptedException {
        return start(root, "", false, Map.of());
    }

    /**
     * With more of the script's knobs, e.g. GW_CLUSTER_SERVERS and GW_REMOTE_USE_POST for a
     * front end that POSTs to its members, GW_WORKERS.
     */
    public static GraphiteWebPeer start(Path root, Map<String, String> environment)
            throws IOException, InterruptedException {
        return start(root, "", false, environment);
    }

    /**
     * As {@link #start(Path)} with an empty database: a port used before may find the tag
     * database of an earlier run (Django's migration makes this start some seconds slower).
     */
    static GraphiteWebPeer startWithEmptyDatabase(Path root)
            throws IOException, InterruptedException {
        return start(root, "", true, Map.of());
    }

    /**
     * A cluster front end: graphite-web finding and rendering through the HTTP APIs of
     * {@code clusterServers} (HOST:PORT, comma separated) with its RemoteFinder; {@code root}
     * is an empty directory it is given as its own.
     */
    static GraphiteWebPeer startFrontEnd(Path root, String clusterServers)
            throws IOException, InterruptedException {
        return start(root, clusterServers, false, Map.of());
    }

    private static GraphiteWebPeer start(Path root, String clusterServers, boolean fresh,
            Map<String, String> environment) throws IOException, InterruptedException {
        int port = TestPorts.free();
        GraphiteWebPeer peer = new GraphiteWebPeer(root, port, clusterServers, fresh,
                environment);
        peer.run("start");
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create(peer.url() + "/version")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return peer;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                peer.close();
                throw new IOException("graphite-web did not answer on port " + port);
            }
            Thread.sleep(200);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void run(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), command, root.toString(),
                Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (!clusterServers.isEmpty()) {
            builder.environment().put("GW_CLUSTER_SERVERS", clusterServers);
        }
        if (freshDatabase) {
            builder.environment().put("GW_FRESH_DB", "1");
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("graphite-web.sh " + command + " did not finish");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run("stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
