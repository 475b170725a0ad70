package org.dkumonitor.server.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.render.SeriesReader;

/**
 * The Graphite HTTP API, on the JDK's HTTP server with a virtual thread per request. Bad
 * requests get 400 with the reason as plain text; a bug gets 500 and a log line.
 */
public final class ApiServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

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

    public ApiServer(InetSocketAddress address, MetricTree tree, SeriesReader reader,
            InstantSource clock) throws IOException {
        server = HttpServer.create(address, 1024);
        server.setExecutor(executor);
        route("/render", new RenderHandler(tree, reader, clock));
        route("/metrics/find", new FindHandler(tree));
    }

    /** Serves another handler under a path prefix, e.g. the built-in UI under "/". */
    public void mount(String pathPrefix, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(pathPrefix, handler);
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
        server.createContext(path, exchange -> serve(exchange, path, endpoint));
    }

    private void serve(HttpExchange exchange, String path, Endpoint endpoint) throws IOException {
        Response response;
        try {
            String requestPath = exchange.getRequestURI().getPath();
            if (!requestPath.equals(path) && !requestPath.equals(path + "/")) {
                response = Response.text(404, "no such endpoint: " + requestPath);
            } else {
                response = endpoint.handle(parameters(exchange));
            }
        } catch (BadRequestException e) {
            response = Response.text(400, e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "request " + exchange.getRequestURI() + " failed", e);
            response = Response.text(500, "internal error: " + e);
        }
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        exchange.sendResponseHeaders(response.status(), response.body().length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(response.body());
        }
    }

    private static QueryParameters parameters(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            return QueryParameters.parse(query);
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new BadRequestException("request body over " + MAX_BODY_BYTES + " bytes");
            }
            return QueryParameters.parse(query, new String(body, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
