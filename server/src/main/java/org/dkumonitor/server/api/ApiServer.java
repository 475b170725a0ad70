package org.dkumonitor.server.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.EOFException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dkumonitor.server.http.LenientHttpServer;
import org.dkumonitor.server.limits.Deadline;
import org.dkumonitor.server.limits.RequestGate;
import org.dkumonitor.server.limits.RequestTimeoutException;
import org.dkumonitor.server.limits.RequestTooLargeException;
import org.dkumonitor.server.limits.ServerBusyException;
import org.dkumonitor.server.metrics.GlobTooComplexException;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.render.SeriesStore;
import org.dkumonitor.server.render.StoreReadException;
import org.dkumonitor.server.render.functions.Evaluator;
import org.dkumonitor.server.render.functions.EventSource;
import org.dkumonitor.server.render.functions.FunctionLibrary;
import org.dkumonitor.server.render.tags.TagDatabase;

/**
 * The Graphite HTTP API, on the JDK's HTTP server with a virtual thread per request: /render,
 * /metrics/find (also /metrics), /metrics/expand, /metrics/index.json, /functions[/name],
 * /version, graphite-web's tag database API ({@link TagsHandler}). GET and form POST alike, on a
 * {@link LenientHttpServer} so that raw braces and other characters browsers leave unencoded
 * reach the handlers as graphite-web would read them. Bad requests get 400 with the reason as
 * plain text; a body over {@value #MAX_BODY_BYTES} bytes 413; a missing or wrong bearer token
 * (when one is configured) 401; a cluster member that failed 502 ({@link GatewayException}); a
 * bug 500 and a log line. Every refused request is counted per status and logged,
 * rate-limited, by {@link RefusedRequests}. Form POSTs may be urlencoded or multipart (as
 * graphite-web's front end posts them). With a {@link FrontEnd}, the reads of requests without
 * {@code local=1} go to the cluster. {@code /health} answers what is not working, without a
 * token.
 *
 * <p>Bounded: the endpoints that read metrics run through a {@link RequestGate} (a slot each,
 * and the memory of their points and answers, held until the answer is sent), within a
 * {@link Deadline} of {@link ApiOptions#requestTimeout}, cancelled when the client goes away
 * ({@link ClientWatch}); when saturated or out of time the answer is 503 with Retry-After.
 * Connections, header and idle timeouts are the listener's ({@link ApiOptions#listener}). No
 * CORS header is sent unless the request's Origin is one of {@link ApiOptions#corsOrigins}:
 * a web page of another origin cannot read the metrics from a browser.
 */
public final class ApiServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** How many tagged series a tag lookup reads at most. */
    private static final long TAG_SCAN_LIMIT = 1_000_000;
    private static final long DRAIN_BYTES = 64L * 1024 * 1024;
    /** How long a request waits for a slot before it is told to come back. */
    public static final Duration GATE_WAIT = Duration.ofSeconds(5);
    private static final int WRITE_SLICE = 64 * 1024;

    /** A response body with its status and content type. */
    public record Response(int status, String contentType, byte[] body) {

        public static Response text(int status, String message) {
            return new Response(status, "text/plain; charset=utf-8",
                    (message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One API path: parameters in, response out. */
    public interface Endpoint {
        Response handle(QueryParameters parameters) throws IOException;
    }

    /** Paths that need the method and the raw body (graphite-web's /events/). */
    public interface RawEndpoint {
        Response handle(String method, String path, QueryParameters parameters, byte[] body,
                String accept) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ApiOptions options;
    private final SeriesStore reader;
    private final RefusedRequests refused = new RefusedRequests();
    private volatile HttpHandler pages;
    private volatile AdminHandler lifecycle;
    private volatile RawEndpoint events;
    private volatile EventSource eventSource = EventSource.NONE;
    private final java.util.concurrent.atomic.AtomicLong storeFailures =
            new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastStoreWarning;
    private final Map<String, Endpoint> extra = new ConcurrentHashMap<>();
    private final Map<String, Endpoint> admin = new ConcurrentHashMap<>();
    private final RequestGate gate;
    private final boolean ownGate;
    private final ClientWatch clients = new ClientWatch(java.nio.file.Path.of("/proc/net"));
    private volatile Endpoint health;

    public ApiServer(InetSocketAddress address, MetricIndex tree, SeriesStore reader,
            InstantSource clock) throws IOException {
        this(address, tree, reader, clock, ApiOptions.defaults());
    }

    public ApiServer(InetSocketAddress address, MetricIndex tree, SeriesStore reader,
            InstantSource clock, ApiOptions options) throws IOException {
        this(address, tree, reader, clock, options, (FrontEnd) null);
    }

    /** {@code frontEnd}: null for a server that answers from its own store only. */
    public ApiServer(InetSocketAddress address, MetricIndex tree, SeriesStore reader,
            InstantSource clock, ApiOptions options, FrontEnd frontEnd) throws IOException {
        this(address, tree, reader, clock, options, frontEnd, new RequestGate(
                options.maxConcurrentRequests(), options.maxRenderMemoryBytes(), GATE_WAIT),
                true);
    }

    /** {@code gate} may be shared by several listeners (the API's and the UI's port). */
    public ApiServer(InetSocketAddress address, MetricIndex tree, SeriesStore reader,
            InstantSource clock, ApiOptions options, RequestGate gate) throws IOException {
        this(address, tree, reader, clock, options, null, gate, false);
    }

    /** A front end ({@code frontEnd} may be null) whose {@code gate} other listeners share. */
    public ApiServer(InetSocketAddress address, MetricIndex tree, SeriesStore reader,
            InstantSource clock, ApiOptions options, FrontEnd frontEnd, RequestGate gate)
            throws IOException {
        this(address, tree, reader, clock, options, frontEnd, gate, false);
    }

    private ApiServer(InetSocketAddress address, MetricIndex tree, SeriesStore reader,
            InstantSource clock, ApiOptions options, FrontEnd frontEnd, RequestGate gate,
            boolean ownGate) throws IOException {
        this.options = options;
        this.reader = reader;
        this.gate = gate;
        this.ownGate = ownGate;
        LenientHttpServer lenient = LenientHttpServer.create(address, 1024, options.listener());
        lenient.onRefusal(refused::refused);
        server = lenient;
        server.setExecutor(executor);
        FunctionLibrary library = FunctionLibrary.standard();
        Evaluator evaluator = new Evaluator(library);
        RenderSources local = RenderHandler.local(tree, reader, () -> eventSource);
        route("/render", new RenderHandler(local, clock, evaluator, options),
                frontEnd == null ? null : new RenderHandler(frontEnd.sources(local), clock,
                        evaluator, options));
        FindHandler.Intervals intervals = path -> reader.interval(path, clock.millis() / 1000.0);
        Endpoint find = localOr(new FindHandler(tree, intervals), frontEnd == null ? null
                : new FindHandler(frontEnd.finder(tree), intervals));
        route("/metrics/find", find);
        route("/metrics/expand", new ExpandHandler(tree),
                frontEnd == null ? null : new ExpandHandler(frontEnd.finder(tree)));
        Endpoint index = new IndexHandler(tree, options.maxSeriesPerRequest());
        route("/metrics/index.json", index, frontEnd == null ? null : frontEnd.index(index));
        FunctionsHandler functions = new FunctionsHandler(library);
        TagsHandler tags = new TagsHandler(new TagDatabase(tree, TAG_SCAN_LIMIT));
        Endpoint tagNames = localOr(tags::tagNames, frontEnd == null ? null
                : frontEnd.tags("/tags/autoComplete/tags", tags::tagNames));
        Endpoint tagValues = localOr(tags::tagValues, frontEnd == null ? null
                : frontEnd.tags("/tags/autoComplete/values", tags::tagValues));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            AdminHandler lifecycle = this.lifecycle;
            if (lifecycle != null && AdminHandler.claims(method, path)) {
                serve(exchange, parameters -> lifecycle.handle(method, path,
                        exchange.getRemoteAddress().getAddress(), parameters));
            } else if (path.equals("/metrics") || path.equals("/metrics/")) {
                serve(exchange, find);
            } else if (path.equals("/version") || path.equals("/version/")) {
                serve(exchange, parameters -> new Response(200, "application/json",
                        "\"1.1.8\"".getBytes(StandardCharsets.UTF_8)), false);
            } else if (path.equals("/functions") || path.equals("/functions/")) {
                serve(exchange, functions, false);
            } else if (path.startsWith("/functions/")) {
                String name = path.substring("/functions/".length()).replaceAll("/$", "");
                serve(exchange, parameters -> functions.one(name, parameters), false);
            } else if ((path.equals("/health") || path.equals("/health/")) && health != null) {
                serve(exchange, health, false);
            } else if (path.equals("/tags") || path.startsWith("/tags/")) {
                serveTags(exchange, path.substring("/tags".length()), tags, tagNames,
                        tagValues);
            } else if (events != null && (path.equals("/events")
                    || path.startsWith("/events/"))) {
                serveRaw(exchange, events);
            } else if (admin.containsKey(path)) {
                serveAdmin(exchange, admin.get(path));
            } else if (extra.containsKey(path)) {
                serve(exchange, extra.get(path));
            } else if (pages != null) {
                pages.handle(exchange);
                if (exchange.getResponseCode() >= 400) {
                    refused.refused(exchange.getResponseCode(), "answered by the built-in UI",
                            exchange.getRemoteAddress(), exchange.getRequestMethod() + " "
                                    + exchange.getRequestURI());
                }
            } else {
                serve(exchange, parameters -> Response.text(404, "no such endpoint: " + path));
            }
        });
    }

    /** graphite-web's tags/urls.py, with the methods each of its views accepts. */
    private void serveTags(HttpExchange exchange, String rest, TagsHandler tags,
            Endpoint tagNames, Endpoint tagValues) throws IOException {
        String name = rest.endsWith("/") && rest.length() > 1
                ? rest.substring(0, rest.length() - 1) : rest;
        switch (name) {
            case "", "/" -> serve(exchange, allow(exchange, "GET", tags::list));
            case "/tagSeries" -> serve(exchange, allow(exchange, "POST", tags::tagSeries));
            case "/tagMultiSeries" -> serve(exchange, allow(exchange, "POST",
                    tags::tagMultiSeries));
            case "/delSeries" -> serve(exchange, allow(exchange, "POST", tags::delSeries));
            case "/findSeries" -> serve(exchange, tags::findSeries);
            case "/autoComplete/tags" -> serve(exchange, tagNames);
            case "/autoComplete/values" -> serve(exchange, tagValues);
            default -> serve(exchange, allow(exchange, "GET",
                    parameters -> tags.details(name.substring(1), parameters)));
        }
    }

    /** The endpoint when the request's method is {@code method} (or HEAD for GET), else 405. */
    private static Endpoint allow(HttpExchange exchange, String method, Endpoint endpoint) {
        String used = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        if (used.equals(method) || (method.equals("GET") && used.equals("HEAD"))) {
            return endpoint;
        }
        exchange.getResponseHeaders().set("Allow", method);
        return parameters -> Response.text(405, "method " + used + " is not allowed here;"
                + " use " + method);
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

    /**
     * Serves the store's lifecycle (delete, rename, expire, explain, check, resize: see
     * {@link AdminHandler}) on this listener.
     */
    public void serveAdminWith(org.dkumonitor.server.lifecycle.StoreAdmin store) {
        this.lifecycle = new AdminHandler(store, options.bearerToken() != null);
    }

    /**
     * Serves graphite-web's events API (/events/...) with {@code endpoint}, and lets the
     * render function events() count what {@code source} holds.
     */
    public void serveEventsWith(RawEndpoint endpoint, EventSource source) {
        this.events = endpoint;
        this.eventSource = source;
    }

    /** Serves one more read-only path (e.g. a cluster member's whisper export). */
    public void serve(String path, Endpoint endpoint) {
        extra.put(path, endpoint);
    }

    /**
     * Serves a path that changes data: POST only, and from this machine only unless the API
     * has a bearer token (which every request then carries).
     */
    public void serveAdmin(String path, Endpoint endpoint) {
        admin.put(path, endpoint);
    }

    private void serveAdmin(HttpExchange exchange, Endpoint endpoint) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            serve(exchange, parameters -> Response.text(405, path + " changes data: POST it"));
        } else if (options.bearerToken() == null
                && !exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            serve(exchange, parameters -> Response.text(403, path + " changes data and this"
                    + " API has no bearer token: ask it from this machine, or set"
                    + " api.bearerToken in conf/server.yaml and send it"));
        } else {
            serve(exchange, endpoint);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serveRaw(HttpExchange exchange, RawEndpoint endpoint) throws IOException {
        // read here, left open: serve() reads what is left (nothing) as form parameters
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            drain(in, DRAIN_BYTES);
            serve(exchange, parameters -> Response.text(413, "request body over "
                    + MAX_BODY_BYTES + " bytes"));
            return;
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        serve(exchange, parameters -> endpoint.handle(method, path, parameters, body, accept));
    }

    /** Requests refused so far, by status. */
    public RefusedRequests refused() {
        return refused;
    }

    public void start() {
        server.start();
        LOG.info("Graphite API listening on http://" + server.getAddress().getHostString() + ":"
                + port() + "/");
    }

    /**
     * {@code local}, or with a front end {@code cluster} unless the request says
     * {@code local=1} (graphite-web's render tests {@code == '1'}, its find any non-zero
     * number).
     */
    private static Endpoint localOr(Endpoint local, Endpoint cluster) {
        if (cluster == null) {
            return local;
        }
        return parameters -> isLocal(parameters.get("local", "0")) ? local.handle(parameters)
                : cluster.handle(parameters);
    }

    private static boolean isLocal(String value) {
        try {
            return Integer.parseInt(value.strip()) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void route(String path, Endpoint local, Endpoint cluster) {
        route(path, localOr(local, cluster));
    }

    private void route(String path, Endpoint endpoint) {
        server.createContext(path, exchange -> {
            String requestPath = exchange.getRequestURI().getPath();
            if (!requestPath.equals(path) && !requestPath.equals(path + "/")) {
                serve(exchange, parameters -> Response.text(404, "no such endpoint: "
                        + requestPath));
            } else {
                serve(exchange, endpoint);
            }
        });
    }

    /** Serves a metrics endpoint: through the gate, within the request's deadline. */
    private void serve(HttpExchange exchange, Endpoint endpoint) throws IOException {
        serve(exchange, endpoint, true);
    }

    private void serve(HttpExchange exchange, Endpoint endpoint, boolean gated)
            throws IOException {
        Response response;
        ResponseNotes notes = new ResponseNotes();
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
                ticket = SmallRequest.is(parameters) ? gate.enterSmall() : gate.enter();
                response = gated(ticket, endpoint, parameters, exchange, notes);
            } else {
                QueryParameters parameters = parameters(exchange);
                response = ScopedValue.where(ResponseNotes.CURRENT, notes)
                        .call(() -> endpoint.handle(parameters));
            }
        } catch (BodyTooLargeException e) {
            response = Response.text(413, e.getMessage());
        } catch (BadRequestException | GlobTooComplexException | RequestTooLargeException e) {
            response = Response.text(400, e.getMessage());
        } catch (AdminHandler.RefusedException e) {
            response = Response.text(e.status(), e.getMessage());
        } catch (StoreReadException e) {
            logStoreFailure(exchange, e);
            response = Response.text(e.status(), e.getMessage());
        } catch (GatewayException e) {
            response = Response.text(502, e.getMessage());
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
        if (response.status() >= 400) {
            refused.refused(response.status(), new String(response.body(),
                    StandardCharsets.UTF_8), exchange.getRemoteAddress(),
                    exchange.getRequestMethod() + " " + exchange.getRequestURI());
        }
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        notes.headers().forEach(exchange.getResponseHeaders()::set);
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        // the slot and the memory are the request's until its answer is sent
        try {
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                if (!head) {
                    write(body, response.body());
                }
            }
        } finally {
            if (ticket != null) {
                ticket.close();
            }
        }
    }

    /** One line per 10 s while the store keeps failing, with how many requests it failed. */
    private void logStoreFailure(HttpExchange exchange, StoreReadException e) {
        long now = System.nanoTime();
        long failed = storeFailures.incrementAndGet();
        long last = lastStoreWarning;
        if (last == 0 || now - last > 10_000_000_000L) {
            lastStoreWarning = now;
            storeFailures.set(0);
            LOG.warning("request " + exchange.getRequestURI() + " (and " + (failed - 1)
                    + " more since the last such line): " + e.getMessage());
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
            QueryParameters parameters, HttpExchange exchange, ResponseNotes notes)
            throws IOException {
        Deadline deadline = Deadline.inSeconds(options.requestTimeout().toSeconds());
        Runnable unwatch = clients.watch(exchange.getLocalAddress(),
                exchange.getRemoteAddress(), deadline);
        try {
            return gate.run(ticket, deadline, () -> ScopedValue.where(ResponseNotes.CURRENT, notes)
                    .call(() -> endpoint.handle(parameters)));
        } finally {
            unwatch.run();
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
            byte[] body;
            try {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            } catch (ProtocolException | EOFException e) {
                throw new BadRequestException("cannot read the request body: " + e.getMessage());
            }
            if (body.length > MAX_BODY_BYTES) {
                // read the rest (up to a bound) so the client sees the answer, not a reset
                drain(in, DRAIN_BYTES);
                throw new BodyTooLargeException("request body over " + MAX_BODY_BYTES
                        + " bytes; send fewer or shorter targets");
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (MultipartForm.isMultipart(contentType)) {
                QueryParameters parameters = QueryParameters.parse(query);
                for (MultipartForm.Field field : MultipartForm.parse(contentType, body)) {
                    parameters.add(field.name(), field.value());
                }
                return parameters;
            }
            if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT)
                    .startsWith("multipart/")) {
                throw new BadRequestException("multipart bodies other than form-data are not"
                        + " accepted; post application/x-www-form-urlencoded");
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
        if (ownGate) {
            gate.close();
        }
        reader.close();
    }
}
