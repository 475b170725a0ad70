package org.dkumonitor.server.gottwall;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.dkumonitor.server.ingest.HttpRequest;
import org.dkumonitor.server.ingest.HttpResponse;
import org.dkumonitor.server.ingest.IngestHandler;
import org.dkumonitor.server.ingest.IngestServer;

/**
 * GottWall's HTTP API on the ingest port, mounted at {@code <prefix>/api/v1}:
 * <pre>
 *   POST PREFIX/api/v1/PROJECT/incr | decr | gauge | avg      a metric (spec section 4)
 *   GET  PREFIX/api/v1/PROJECT/stats | stats_dataset | metrics  the read API (section 8)
 * </pre>
 * As GottWall's route ({@code (?P<project>.+)/(?P<action>.+)$}), the project is everything up
 * to the last slash, both parts percent-decoded, the query string ignored on ingest. In
 * GottWall's order: an unknown project or action is 404, then credentials are checked (403),
 * then the body; a counted metric is answered {@code 200 OK} with the body {@code OK}, what
 * every GottWall client waits for. Unlike GottWall, a body that cannot be counted is a 400
 * saying why (GottWall answered 200 and dropped it, or 500); the URL's project and action
 * rule, and a body whose {@code p} names another project is refused.
 */
final class HttpEndpoint implements IngestHandler {

    static final String API_PATH = "/api/v1";
    private static final Logger LOG = Logger.getLogger(HttpEndpoint.class.getName());
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

    private final String mount;
    private final Supplier<GottwallConfig> config;
    private final Authenticator authenticator;
    private final Recorder recorder;
    private final ReadApi readApi;
    private final InstantSource clock;
    private final RareLog rareLog = new RareLog(LOG);
    private final MetricParser parser = new MetricParser();

    HttpEndpoint(String prefix, Supplier<GottwallConfig> config, Authenticator authenticator,
            Recorder recorder, ReadApi readApi, InstantSource clock) {
        this.mount = prefix + API_PATH;
        this.config = config;
        this.authenticator = authenticator;
        this.recorder = recorder;
        this.readApi = readApi;
        this.clock = clock;
    }

    /** Where the ingest server mounts this endpoint. */
    String mountPath() {
        return mount;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        String rest = request.path().substring(mount.length());
        int slash = rest.lastIndexOf('/');
        if (!rest.startsWith("/") || slash <= 1 || slash == rest.length() - 1) {
            return IngestServer.error(404, "GottWall's API is " + mount + "/<project>/<action>"
                    + " (actions incr, decr, gauge, avg; stats, stats_dataset, metrics)");
        }
        String project = decodePath(rest.substring(1, slash));
        String actionName = decodePath(rest.substring(slash + 1));
        if (!config.get().projects().containsKey(project)) {
            return IngestServer.error(404, "no GottWall project " + Printable.of(project)
                    + " (add it with dkmadmin gottwall project add NAME)");
        }
        Action action = Action.of(actionName);
        if (action != null) {
            if (!request.method().equals("POST")) {
                return IngestServer.error(405, actionName + " takes POST with a JSON metric")
                        .withHeader("Allow", "POST");
            }
            return ingest(request, project, action);
        }
        if (ReadApi.serves(actionName)) {
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                return IngestServer.error(405, actionName + " takes GET")
                        .withHeader("Allow", "GET, HEAD");
            }
            return read(request, project, actionName);
        }
        return IngestServer.error(404, "no GottWall action " + Printable.of(actionName)
                + "; actions are incr, decr, gauge, avg, stats, stats_dataset and metrics");
    }

    private HttpResponse ingest(HttpRequest request, String project, Action action) {
        try {
            authenticator.http(project, request.header(Authenticator.SIGNED_HEADER),
                    request.header("Authorization"));
        } catch (AuthException e) {
            recorder.stats().authFailed(e.reason());
            rareLog.warn("refused GottWall credentials for project " + Printable.of(project)
                    + " from " + request.remote() + ": " + e.getMessage());
            return IngestServer.error(403, e.getMessage());
        }
        long now = clock.instant().getEpochSecond();
        Metric metric;
        try {
            metric = parser.parse(request.body(), 0, request.body().length,
                    config.get().maxSeriesPerMetric());
        } catch (BadMetricException e) {
            recorder.stats().rejected(e.reason());
            return refused(e);
        }
        if (metric.project() != null && !metric.project().equals(project)) {
            recorder.stats().rejected(BadMetricException.Reason.WRONG_PROJECT);
            return IngestServer.error(400, "the body's p is " + Printable.of(metric.project())
                    + " but the URL's project is " + Printable.of(project));
        }
        try {
            recorder.record(project, action, metric, now);
        } catch (BadMetricException e) {
            return refused(e);
        }
        return new HttpResponse(200, HttpResponse.TEXT, OK);
    }

    private HttpResponse refused(BadMetricException e) {
        rareLog.warn("refused a GottWall metric: " + e.getMessage());
        return IngestServer.error(400, e.getMessage());
    }

    private HttpResponse read(HttpRequest request, String project, String endpoint) {
        try {
            authenticator.http(project, request.header(Authenticator.SIGNED_HEADER),
                    request.header("Authorization"));
        } catch (AuthException e) {
            recorder.stats().authFailed(e.reason());
            if (e.reason() == AuthException.Reason.MISSING) {
                return IngestServer.error(401, e.getMessage()).withHeader("WWW-Authenticate",
                        "Basic realm=\"GottWall project " + project.replace("\"", "") + "\"");
            }
            return IngestServer.error(403, e.getMessage());
        }
        return readApi.answer(project, endpoint, request.query());
    }

    /** Percent-decoding of a path segment (no {@code +} for space), then UTF-8. */
    static String decodePath(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int high = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16)
                    : -1;
            int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
            if (low >= 0) {
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
