package org.dkumonitor.server.events;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.LineSink;
import org.dkumonitor.server.carbon.ReceiverStats;
import org.dkumonitor.server.events.access.AccessControl;
import org.dkumonitor.server.events.log.EventLog;
import org.dkumonitor.server.events.log.FaultyChannel;
import org.dkumonitor.server.events.log.LogOptions;
import org.dkumonitor.server.ingest.IngestLimits;
import org.dkumonitor.server.ingest.IngestServer;

/**
 * stats-service's API on a real ingest server on a free loopback port, over an event log in a
 * temporary directory whose disk can be made full, with the demo access.json of stats-service
 * (the seed token), counting into a cache.
 */
final class EventsHarness implements AutoCloseable {

    static final String SEED_SECRET = "b710164f16543eacc1a81fc889667b52403c8a300dd8c50c69f55d3e"
            + "0061b22ba7e9789b61a2fd932def15c74d6fcf387ce3270c6b96579a4dcfb4a7a722354e";
    static final String SEED_TOKEN = "eyJleHBpcmVzIjogMTAsICJzYWx0IjogImJjODIxOCIsICJpZGVudGl0e"
            + "SI6ICJzdGF0c2JvYiJ9NyjnVy3QkN9pa2H_DVe4OZLi5dydu1mB3clN2HezjI8y331ZflOHSOtgvw8Jjnj"
            + "lC4UFF8q1LCp0kHdj96ipDw==";

    final AtomicReference<Instant> now = new AtomicReference<>(
            Instant.parse("2026-03-01T12:00:00.123456789Z"));
    final InstantSource clock = () -> now.get();
    final AtomicLong room = new AtomicLong(Long.MAX_VALUE);
    final MetricCache cache = new MetricCache();
    final Path dir;
    final EventLog log;
    final EventStore store;
    final IngestServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    EventsHarness(Path dir) throws IOException {
        this.dir = dir;
        Files.writeString(dir.resolve("access.json"), """
                [{"id": "user_00ca4f6190b84f25827239233c4bcbaa", "username": "statsbob",
                  "name": "Stats User",
                  "tokens": [{"access_token": "%s", "access_secret": "%s"}]}]
                """.formatted(SEED_TOKEN, SEED_SECRET));
        log = EventLog.open(dir.resolve("events"), new LogOptions(1 << 20, 1 << 24,
                Duration.ofDays(30)), clock, file -> new FaultyChannel(FileChannel.open(file,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE), room, new AtomicInteger()));
        LineSink sink = new LineSink(cache::addAll, clock, new ReceiverStats(), 60);
        store = new EventStore(log, new EventSeries(sink, name -> 10, clock), "analytics");
        server = new IngestServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new IngestLimits(16 * 1024, 4 * 1024 * 1024, 64, Duration.ofSeconds(5),
                        Duration.ofSeconds(5)));
        new StatsServiceApi(store, new AccessControl(dir.resolve("access.json")), clock)
                .mountOn(server);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return send("POST", "/log/event/", body, "Content-Type", "application/json",
                "Accept", "application/json", "AUTHORIZATION", "Token " + SEED_TOKEN);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, "Accept", "application/json", "AUTHORIZATION",
                "Token " + SEED_TOKEN);
    }

    @Override
    public void close() throws IOException {
        server.close();
        store.close();
    }
}
