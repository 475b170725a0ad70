package org.dkumonitor.server.ui;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The built-in UI over HTTP, mounted at {@code /} beside the Graphite API: {@code /} sends the
 * browser to {@code /ui/}, which serves the single page, its scripts and styles, and the
 * dashboards ({@code /ui/dashboards/index.json}, {@code /ui/dashboards/NAME.json}). The page
 * reads data through the API's own {@code /render} and {@code /metrics/find}, by relative URLs,
 * so it works behind a reverse proxy under any prefix.
 */
public final class BuiltInUi implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(BuiltInUi.class.getName());
    private static final String PREFIX = "/ui/";
    private static final String DASHBOARDS = PREFIX + "dashboards/";
    /** Our pages load only what the server itself serves: no CDN, no inline script. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; "
            + "img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

    private final StaticAssets assets;
    private final Dashboards dashboards;

    BuiltInUi(StaticAssets assets, Dashboards dashboards) {
        this.assets = assets;
        this.dashboards = dashboards;
    }

    /**
     * The UI of one install: its files from {@code staticDirectory} (DATA_DIR/static, the
     * bundle's ui/) over the class path's, dashboards from {@code dashboardsDirectory}
     * (DATA_DIR/conf/dashboards) over the bundled ones.
     */
    public static BuiltInUi of(Path dashboardsDirectory, Path staticDirectory) {
        ClassLoader loader = BuiltInUi.class.getClassLoader();
        return new BuiltInUi(StaticAssets.load(loader, staticDirectory),
                new Dashboards(dashboardsDirectory, loader));
    }

    /**
     * Every file the UI serves, as the bundle's ui/ (and so DATA_DIR/static) holds them:
     * {@code index.html}, …, {@code vendor/uPlot.min.css}.
     */
    public static List<String> assetNames() {
        return StaticAssets.NAMES;
    }

    /** Writes every file the UI serves under {@code directory} (the bundle's ui/). */
    public static void writeAssets(Path directory) throws IOException {
        StaticAssets assets = StaticAssets.load(BuiltInUi.class.getClassLoader());
        for (String name : StaticAssets.NAMES) {
            Path file = directory.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, assets.get(name).orElseThrow().body());
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendText(exchange, 405, "method " + method + " is not allowed here; use GET",
                        false);
                return;
            }
            try {
                route(exchange, exchange.getRequestURI().getPath(), head);
            } catch (DashboardException e) {
                sendText(exchange, 422, e.getMessage(), head);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "UI request " + exchange.getRequestURI() + " failed", e);
                sendText(exchange, 500, "internal error: " + e, head);
            }
        }
    }

    private void route(HttpExchange exchange, String path, boolean head) throws IOException {
        if (path.equals("/") || path.equals("/ui") || path.equals("/index.html")) {
            exchange.getResponseHeaders().set("Location", "ui/");
            sendText(exchange, 302, "the built-in UI is at /ui/", head);
            return;
        }
        if (!path.startsWith(PREFIX)) {
            sendText(exchange, 404, "no such page: " + path + "; the built-in UI is at /ui/",
                    head);
            return;
        }
        if (path.equals(DASHBOARDS) || path.equals(DASHBOARDS + "index.json")) {
            send(exchange, Asset.of("index.json", dashboards.listJson()), head, false);
            return;
        }
        if (path.startsWith(DASHBOARDS) && path.endsWith(".json")) {
            String name = path.substring(DASHBOARDS.length(), path.length() - ".json".length());
            Optional<byte[]> body = dashboards.read(name);
            if (body.isEmpty()) {
                sendText(exchange, 404, "no dashboard named '" + name
                        + "': add conf/dashboards/" + name + ".json", head);
                return;
            }
            send(exchange, Asset.of(name + ".json", body.get()), head, false);
            return;
        }
        String name = path.equals(PREFIX) ? "index.html" : path.substring(PREFIX.length());
        Optional<Asset> asset = assets.get(name);
        if (asset.isEmpty()) {
            sendText(exchange, 404, "no such file: " + path, head);
            return;
        }
        send(exchange, asset.get(), head, true);
    }

    private static void send(HttpExchange exchange, Asset asset, boolean head, boolean revalidate)
            throws IOException {
        Headers headers = exchange.getResponseHeaders();
        securityHeaders(headers);
        headers.set("Content-Type", asset.contentType());
        headers.set("Cache-Control", "no-cache");
        if (revalidate) {
            headers.set("ETag", asset.etag());
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            if (asset.etag().equals(ifNoneMatch)) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
        }
        if (head) {
            headers.set("Content-Length", Integer.toString(asset.length()));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, asset.length());
        try (OutputStream out = exchange.getResponseBody()) {
            asset.writeTo(out);
        }
    }

    private static void sendText(HttpExchange exchange, int status, String message, boolean head)
            throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        securityHeaders(headers);
        headers.set("Content-Type", "text/plain; charset=utf-8");
        if (head) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void securityHeaders(Headers headers) {
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
    }
}
