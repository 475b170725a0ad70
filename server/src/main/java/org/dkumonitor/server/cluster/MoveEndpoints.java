package org.dkumonitor.server.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.InstantSource;
import java.util.List;
import java.util.logging.Logger;
import org.dkumonitor.server.api.ApiServer;
import org.dkumonitor.server.api.BadRequestException;
import org.dkumonitor.server.api.GatewayException;
import org.dkumonitor.server.api.QueryParameters;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.PointBatch;
import org.dkumonitor.server.carbon.PointStore;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.dkumonitor.server.whisper.WhisperException;
import org.dkumonitor.server.whisper.WhisperFile;

/**
 * What {@code dkmadmin cluster move} asks of a storage node, so that a metric moves between
 * nodes through their APIs (carbonate does it with rsync and whisper-fill on each host):
 * <ul>
 * <li>{@code GET /cluster/whisper?metric=M}: the metric's whisper file as it is on disk (409
 * while points of it are still in the cache, so that the copy is whole);
 * <li>{@code POST /cluster/fill?metric=M&source=HOST:PORT}: takes that file from the node at
 * {@code source} and writes the points this node lacks ({@link WhisperFill}) through its own
 * write-ahead log and cache, like received points: nothing here is overwritten, and the file
 * is created with this node's storage schema if it has none;
 * <li>{@code POST /cluster/delete?metric=M}: removes the metric's file once it is no longer
 * written to (409 while it has cached points or was written in the last
 * {@value #QUIET_SECONDS} s: point the relays at the new ring first).
 * </ul>
 * Each step can be repeated: a move that was interrupted is finished by running it again.
 */
public final class MoveEndpoints {

    static final long QUIET_SECONDS = 60;
    private static final Logger LOG = Logger.getLogger(MoveEndpoints.class.getName());

    private final Path whisperRoot;
    private final MetricCache cache;
    private final PointStore store;
    private final InstantSource clock;
    private final String bearerToken;

    public MoveEndpoints(Path whisperRoot, MetricCache cache, PointStore store,
            InstantSource clock, String bearerToken) {
        this.whisperRoot = whisperRoot;
        this.cache = cache;
        this.store = store;
        this.clock = clock;
        this.bearerToken = bearerToken;
    }

    /**
     * Answers the three paths with a 501 saying {@code why}, on a node whose data is not in
     * whisper files.
     */
    public static void refuse(ApiServer api, String why) {
        ApiServer.Endpoint refused = parameters -> ApiServer.Response.text(501, why);
        api.serve("/cluster/whisper", refused);
        api.serveAdmin("/cluster/fill", refused);
        api.serveAdmin("/cluster/delete", refused);
    }

    /** Adds the three paths to the API. */
    public void register(ApiServer api) {
        api.serve("/cluster/whisper", this::export);
        api.serveAdmin("/cluster/fill", this::fill);
        api.serveAdmin("/cluster/delete", this::delete);
    }

    private ApiServer.Response export(QueryParameters parameters) throws IOException {
        String metric = metric(parameters);
        Path file = file(metric);
        int cached = cache.queued(metric);
        if (cached > 0) {
            return ApiServer.Response.text(409, metric + " has " + cached + " points not yet"
                    + " in its file; ask again in a few seconds");
        }
        if (!Files.isRegularFile(file)) {
            return ApiServer.Response.text(404, "no whisper file for " + metric);
        }
        return new ApiServer.Response(200, "application/octet-stream", Files.readAllBytes(file));
    }

    private ApiServer.Response fill(QueryParameters parameters) throws IOException {
        String metric = metric(parameters);
        String sourceText = parameters.get("source", null);
        if (sourceText == null) {
            throw new BadRequestException("Missing required parameter 'source' (HOST:PORT of"
                    + " the node holding the metric)");
        }
        ClusterServer source;
        try {
            source = ClusterServer.parse(sourceText);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("source: " + e.getMessage());
        }
        byte[] copy = download(source, metric);
        Path temporary = Files.createTempFile(whisperRoot.getParent(), ".fill-", ".wsp");
        try {
            Files.write(temporary, copy);
            List<TimeSeriesPoint> points;
            long now = clock.instant().getEpochSecond();
            Path file = file(metric);
            try (WhisperFile src = WhisperFile.open(temporary, false);
                    WhisperFile dst = Files.isRegularFile(file) ? WhisperFile.open(file, false)
                            : null) {
                points = WhisperFill.gapPoints(src, dst, now);
            } catch (WhisperException e) {
                throw new GatewayException(source + " sent a whisper file of " + metric
                        + " that cannot be read: " + e.getMessage());
            }
            PointBatch batch = new PointBatch();
            for (TimeSeriesPoint point : points) {
                batch.add(metric, point.timestamp(), point.value());
            }
            if (batch.size() > 0) {
                store.store(batch);
            }
            LOG.info("filled " + metric + " from " + source + ": " + points.size() + " points");
            return json("{\"metric\":" + quote(metric) + ",\"points\":" + points.size() + "}");
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private byte[] download(ClusterServer source, String metric) {
        ClusterConfig config = new ClusterConfig(List.of(source.name()), 60_000, 1, "deny",
                1024, bearerToken);
        try (MemberCalls calls = new MemberCalls(config, bearerToken)) {
            MemberCalls.Outcome<byte[]> outcome = calls.call(List.of(source),
                    "/cluster/whisper", List.<String[]>of(new String[] {"metric", metric}),
                    (body, type) -> body).get(0);
            if (outcome.failed()) {
                throw new GatewayException("cannot take " + metric + " from " + source + ": "
                        + outcome.failure());
            }
            return outcome.value();
        }
    }

    private ApiServer.Response delete(QueryParameters parameters) throws IOException {
        String metric = metric(parameters);
        Path file = file(metric);
        int cached = cache.queued(metric);
        if (cached > 0) {
            return ApiServer.Response.text(409, metric + " still receives points (" + cached
                    + " cached): point the relays at the new ring before removing it here");
        }
        if (!Files.isRegularFile(file)) {
            return ApiServer.Response.text(404, "no whisper file for " + metric);
        }
        FileTime modified = Files.getLastModifiedTime(file);
        long quiet = clock.instant().getEpochSecond() - modified.toInstant().getEpochSecond();
        if (quiet < QUIET_SECONDS) {
            return ApiServer.Response.text(409, metric + " was written " + quiet + " s ago:"
                    + " point the relays at the new ring, then remove it after "
                    + QUIET_SECONDS + " s without writes");
        }
        Files.delete(file);
        cache.dropIfIdle(metric); // else find would list it until the entry's sweep
        LOG.info("removed " + metric + " (moved to another node)");
        return json("{\"metric\":" + quote(metric) + ",\"removed\":true}");
    }

    private static String metric(QueryParameters parameters) {
        String metric = parameters.get("metric", null);
        if (metric == null) {
            throw new BadRequestException("Missing required parameter 'metric'");
        }
        return metric;
    }

    private Path file(String metric) {
        try {
            return MetricName.whisperFile(whisperRoot, MetricName.normalize(metric));
        } catch (InvalidMetricNameException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static ApiServer.Response json(String text) {
        return new ApiServer.Response(200, "application/json",
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
