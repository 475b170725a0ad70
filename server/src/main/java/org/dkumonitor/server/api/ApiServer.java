package org.dkumonitor.server.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dkumonitor.server.limits.Deadline;
import org.dkumonitor.server.limits.RequestGate;
import org.dkumonitor.server.limits.RequestTimeoutException;
import org.dkumonitor.server.limits.RequestTooLargeException;
import org.dkumonitor.server.limits.ServerBusyException;
import org.dkumonitor.server.metrics.GlobTooComplexException;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.render.SeriesReader;
import org.dkumonitor.server.render.functions.Evaluator;
import org.dkumonitor.server.render.functions.FunctionLibrary;
import org.dkumonitor.server.render.tags.TagIndex;

/**
 * The Graphite HTTP API, on the JDK's HTTP server with a virtual thread per request: /render,
 * /metrics/find (also /metrics), /metrics/expand, /metrics/index.json, /functions[/name],
 * /version, /tags/autoComplete/{tags,values}, /health. GET and form POST alike. Bad requests
 * get 400 with the reason as plain text; a body over {@value #MAX_BODY_BYTES} bytes 413; a
 * missing or wrong bearer token (when one is configured) 401; a bug 500 and a log line.
 *
 * <p>Bounded: the endpoints that read metrics run through a {@link RequestGate} (a slot each,
 * and the memory of their points and answers), within a {@link Deadline} of
 * {@link ApiOptions#requestTimeout}, cancelled when its client goes away
 * ({@link ClientWatch}); when saturated or out of time the answer is 503 with Retry-After. Connections, header and idle timeouts are the HTTP server's
 * ({@link org.dkumonitor.server.listen.HttpLimits}). No CORS header is sent unless the
 * request's Origin is one of {@link ApiOptions#corsOrigins}: a web page on another origin
 * cannot read the metrics from a browser. {@code /health} needs no token.
 */
public final class ApiServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** How long a request waits for a slot before it is told to come back. */
    public static final Duration GATE_WAIT = Duration.ofSeconds(5);
    private static final int WRITE_SLICE = 64 * 1024;
    private static final long DRAIN_BYTES = 64L * 1024 * 1024;

    /** A response body with its status and content type. */
    public record Response(int status, String contentType, byte[] body) {

        static Response text(int status, String message) {
            return new Response(status, "text/plain; charset=utf-8",
                    (message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One API path: parameters in, response out. */
    public interface Endpoint {
        Response handle(QueryParameters parameters) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ApiOptions options;
    private final SeriesReader reader;
    private final RequestGate gate;
    private final ClientWatch clients = new ClientWatch(java.nio.file.Path.of("/proc/net"));
    private volatile HttpHandler pages;
    private volatile Endpoint health;

    public ApiServer(InetSocketAddress address, MetricTree tree, SeriesReader reader,
            InstantSource clock) throws IOException {
        this(address, tree, reader, clock, ApiOptions.defaults());
    }

    public ApiServer(InetSocketAddress address, MetricTree tree, SeriesReader reader,
            InstantSource clock, ApiOptions options) throws IOException {
        this(address, tree, reader, clock, options, new RequestGate(
                options.maxConcurrentRequests(), options.maxRenderMemoryBytes(),
                GATE_WAIT));
    }

    /** {@code gate} may be shared by several listeners (the API's and the UI's port). */
    public ApiServer(InetSocketAddress address, MetricTree tree, SeriesReader reader,
            InstantSource clock, ApiOptions options, RequestGate gate) throws IOException {
        this.options = options;
        this.reader = reader;
        this.gate = gate;
        // without TCP_NODELAY a response written as headers then body waits for the client's
        // delayed ACK: 40 ms on every request (read once, when the server class loads)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(address, 1024);
        server.setExecutor(executor);
        FunctionLibrary library = FunctionLibrary.standard();
        Evaluator evaluator = new Evaluator(library);
        route("/render", new RenderHandler(tree, reader, clock, evaluator, options));
        FindHandler find = new FindHandler(tree);
        route("/metrics/find", find);
        route("/metrics/expand", new ExpandHandler(tree));
        route("/metrics/index.json", new IndexHandler(tree, options.maxSeriesPerRequest()));
        FunctionsHandler functions = new FunctionsHandler(library);
        TagsHandler tags = new TagsHandler(new TagIndex(tree));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/metrics") || path.equals("/metrics/")) {
                serve(exchange, find, true);
            } else if (path.equals("/version") || path.equals("/version/")) {
                serve(exchange, parameters -> new Response(200, "application/json",
                        "\"1.1.8\"".getBytes(StandardCharsets.UTF_8)), false);
            } else if (path.equals("/functions") || path.equals("/functions/")) {
                serve(exchange, functions, false);
            } else if (path.startsWith("/functions/")) {
                String name = path.substring("/functions/".length()).replaceAll("/$", "");
                serve(exchange, parameters -> functions.one(name, parameters), false);
            } else if (path.equals("/tags/autoComplete/tags")
                    || path.equals("/tags/autoComplete/tags/")) {
                serve(exchange, tags::tagNames, true);
            } else if (path.equals("/tags/autoComplete/values")
                    || path.equals("/tags/autoComplete/values/")) {
                serve(exchange, tags::tagValues, true);
            } else if ((path.equals("/health") || path.equals("/health/")) && health != null) {
                serve(exchange, health, false);
            } else if (pages != null) {
                pages.handle(exchange);
            } else {
                serve(exchange, parameters -> Response.text(404, "no such endpoint: " + path),
                        false);
            }
        });
    }

    /** Answers {@code /health} from {@code health} (no token needed, no slot taken). */
    public void serveHealthWith(java.util.function.Supplier<
            org.dkumonitor.server.lifecycle.Health.Report> health) {
        this.health = new HealthHandler(health);
    }

    /**
     * Serves every path no API endpoint claims with {@code handler}, e.g. the built-in UI. The
     * JDK server allows one context per path, and "/" is already the API's own dispatcher.
     */
    public void servePagesWith(HttpHandler handler) {
        this.pages = handler;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void start() {
        server.start();
        LOG.info("Graphite API listening on http://" + server.getAddress().getHostString() + ":"
                + port() + "/");
    }

    private void route(String path, Endpoint endpoint) {
        server.createContext(path, exchange -> {
            String requestPath = exchange.getRequestURI().getPath();
            if (!requestPath.equals(path) && !requestPath.equals(path + "/")) {
                serve(exchange, parameters -> Response.text(404, "no such endpoint: "
                        + requestPath), false);
            } else {
                serve(exchange, endpoint, true);
            }
        });
    }

    private void serve(HttpExchange exchange, Endpoint endpoint, boolean gated)
            throws IOException {
        Response response;
        RequestGate.Ticket ticket = null;
        boolean allowedOrigin = allowedOrigin(exchange);
        if ("OPTIONS".equalsIgnoreCase(exchange.getRequestMethod())) {
            // a browser's CORS preflight: allowed only for the origins configured
            exchange.getResponseHeaders().set("Allow", "GET, POST, HEAD, OPTIONS");
            if (allowedOrigin) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Methods",
                        "GET, POST, OPTIONS");
                exchange.getResponseHeaders().set("Access-Control-Allow-Headers",
                        "Authorization, Content-Type, X-Grafana-Org-Id, X-Dashboard-Id,"
                                + " X-Panel-Id");
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        try {
            if (endpoint != health && !authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                response = Response.text(401, "missing or wrong bearer token: send "
                        + "'Authorization: Bearer <api.bearerToken of conf/server.yaml>'");
            } else if (gated) {
                QueryParameters parameters = parameters(exchange);
                ticket = gate.enter();
                response = gated(ticket, endpoint, parameters, exchange);
            } else {
                response = endpoint.handle(parameters(exchange));
            }
        } catch (BodyTooLargeException e) {
            response = Response.text(413, e.getMessage());
        } catch (BadRequestException | GlobTooComplexException | RequestTooLargeException e) {
            response = Response.text(400, e.getMessage());
        } catch (ServerBusyException e) {
            exchange.getResponseHeaders().set("Retry-After",
                    Integer.toString(e.retryAfterSeconds()));
            response = Response.text(503, e.getMessage());
        } catch (RequestTimeoutException e) {
            exchange.getResponseHeaders().set("Retry-After",
                    Integer.toString(RequestGate.RETRY_AFTER_SECONDS));
            response = Response.text(503, e.getMessage());
        } catch (RuntimeException | IOException | StackOverflowError e) {
            LOG.log(Level.WARNING, "request " + exchange.getRequestURI() + " failed", e);
            response = Response.text(500, "internal error: " + e);
        }
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        // the slot and the memory are the request's until its answer is sent
        try (RequestGate.Ticket held = ticket) {
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                if (!head) {
                    write(body, response.body());
                }
            }
        }
    }

    /**
     * Writes in slices: the JDK copies a heap buffer written to a socket into a temporary
     * direct buffer as large as the write, outside the heap (a 40 MB answer, 40 MB of RSS).
     */
    private static void write(OutputStream out, byte[] body) throws IOException {
        for (int at = 0; at < body.length; at += WRITE_SLICE) {
            out.write(body, at, Math.min(WRITE_SLICE, body.length - at));
        }
    }

    /** Runs a metrics endpoint in its slot of the gate, within the request's deadline. */
    private Response gated(RequestGate.Ticket ticket, Endpoint endpoint,
            QueryParameters parameters, HttpExchange exchange) throws IOException {
        Deadline deadline = Deadline.inSeconds(options.requestTimeout().toSeconds());
        try (AutoCloseable watched = clients.watch(exchange.getLocalAddress(),
                exchange.getRemoteAddress(), deadline)) {
            return RequestGate.within(ticket, () -> deadline.run(
                    () -> endpoint.handle(parameters)));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected: " + e, e); // close() throws none
        }
    }

    /** Whether the request's Origin may read answers (and then says so in the headers). */
    private boolean allowedOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin == null || !(options.corsOrigins().contains(origin)
                || options.corsOrigins().contains("*"))) {
            return false;
        }
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
        exchange.getResponseHeaders().add("Vary", "Origin");
        return true;
    }

    private boolean authorized(HttpExchange exchange) {
        if (options.bearerToken() == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Bearer " + options.bearerToken();
        return header != null && MessageDigest.isEqual(
                header.strip().getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static QueryParameters parameters(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            return QueryParameters.parse(query);
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                // read the rest (up to a bound) so the client sees the answer, not a reset
                drain(in, DRAIN_BYTES);
                throw new BodyTooLargeException("request body over " + MAX_BODY_BYTES
                        + " bytes; send fewer or shorter targets");
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT)
                    .startsWith("multipart/")) {
                throw new BadRequestException("multipart bodies are not accepted; post "
                        + "application/x-www-form-urlencoded");
            }
            return QueryParameters.parse(query, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static void drain(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buffer)) > 0) {
            total += n;
        }
    }

    /** A request body over the limit. */
    private static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }

    /** Stops serving and closes the whisper files the reader keeps open. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        reader.close();
    }
}
