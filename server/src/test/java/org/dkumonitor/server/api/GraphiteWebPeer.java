package org.dkumonitor.server.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

    private GraphiteWebPeer(Path root, int port) {
        this.root = root;
        this.port = port;
    }

    public static boolean available() {
        return Files.isExecutable(SCRIPT)
                && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/graphite"));
    }

    public static GraphiteWebPeer start(Path root) throws IOException, InterruptedException {
        return start(root, java.util.Map.of());
    }

    /** With the script's environment knobs, e.g. GW_CLUSTER_SERVERS for a front end. */
    public static GraphiteWebPeer start(Path root, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        run("start", root, port, environment);
        GraphiteWebPeer peer = new GraphiteWebPeer(root, port);
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

    private static void run(String command, Path root, int port,
            java.util.Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), command, root.toString(),
                Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
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
            run("stop", root, port, java.util.Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
