package org.dkumonitor.server.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Set;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.render.SeriesReader;
import org.dkumonitor.server.schema.StorageSchemas;

/** Our API server on an ephemeral loopback port over a whisper tree, with an HTTP client. */
final class ApiHarness implements AutoCloseable {

    final ApiServer server;
    final MetricCache cache = new MetricCache();
    private final SeriesReader reader;
    private final HttpClient client = HttpClient.newHttpClient();

    ApiHarness(Path root, InstantSource clock, ApiOptions options) throws IOException {
        MetricTree tree = new MetricTree(root, cache::metrics);
        reader = new SeriesReader(root, cache,
                new StorageSchemas(java.util.List.of()));
        server = new ApiServer(new InetSocketAddress("127.0.0.1", 0), tree, reader, clock,
                options);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String pathAndQuery, String form)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Set<String> none() {
        return Set.of();
    }

    @Override
    public void close() {
        server.close();
        reader.close();
    }
}
