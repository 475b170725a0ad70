package org.dkumonitor.server.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.dkumonitor.server.listen.ListenerLimits;
import org.dkumonitor.server.listen.TcpListener;

/**
 * An HTTP/1.1 server for the JDK's {@link HttpHandler}s that accepts the request lines Graphite
 * clients send. The JDK's own server answers 400 ("URISyntaxException thrown") before any
 * handler runs when a target holds a character {@link java.net.URI} refuses: the raw
 * {@code {a,b}}, {@code |}, {@code [}, {@code ^} or spaces that browsers and scripts put in
 * render URLs, and that graphite-web's servers take as they are. Here the target is made a
 * valid URI by {@link RequestTarget}, keeping every byte the client sent.
 *
 * <p>One virtual thread per connection runs its requests one after the other (keep-alive and
 * pipelining), on a {@link TcpListener} and its {@link ListenerLimits}: at most so many
 * connections (a new one takes the place of the one silent longest), a connection idle for the
 * idle timeout closed, and a request's head (from its first byte) that does not arrive whole
 * within the frame timeout closed too (slowloris). Contexts match by the longest path prefix,
 * as the JDK server's do. A request the server cannot read is answered with its status and
 * the reason, reported to the {@link RefusalListener}, and the connection closed.
 */
public final class LenientHttpServer extends HttpServer {

    /** What the server refused before any handler saw the request. */
    public interface RefusalListener {
        void refused(int status, String reason, InetSocketAddress caller, String requestLine);
    }

    /** How long a connection may stay silent while a request is awaited or being read. */
    static final Duration IDLE = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(LenientHttpServer.class.getName());

    private final ListenerLimits limits;
    private final Map<String, Context> contexts = new ConcurrentSkipListMap<>();
    private volatile Executor executor;
    private volatile RefusalListener refusals = (status, reason, caller, line) -> { };
    private TcpListener listener;
    private boolean started;

    private LenientHttpServer(InetSocketAddress address, ListenerLimits limits)
            throws IOException {
        this.limits = limits;
        if (address != null) {
            bind(address, 0);
        }
    }

    /**
     * A server bound to {@code address} at once, so that a port in use fails here, with the
     * JDK server's habits: no connection limit to speak of, connections idle for {@link #IDLE}
     * closed.
     */
    public static LenientHttpServer create(InetSocketAddress address, int backlog)
            throws IOException {
        return create(address, backlog, new ListenerLimits(100_000, IDLE, IDLE));
    }

    /** A server bound to {@code address} at once, with {@code limits} on its connections. */
    public static LenientHttpServer create(InetSocketAddress address, int backlog,
            ListenerLimits limits) throws IOException {
        return new LenientHttpServer(address, limits);
    }

    /** Who hears about requests refused before a handler ran (bad request line, no context). */
    public void onRefusal(RefusalListener listener) {
        this.refusals = listener;
    }

    @Override
    public synchronized void bind(InetSocketAddress address, int backlog) throws IOException {
        if (listener != null) {
            throw new IllegalStateException("the server is bound already");
        }
        listener = new TcpListener("http-" + (address.getPort() == 0 ? "any"
                : Integer.toString(address.getPort())), address, limits,
                (socket, in, out, timer) -> new HttpConnection(this, socket, in, timer).serve());
    }

    @Override
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the server is started already");
        }
        if (listener == null) {
            throw new IllegalStateException("the server is not bound");
        }
        started = true;
        listener.start();
    }

    @Override
    public void setExecutor(Executor executor) {
        this.executor = executor;
    }

    @Override
    public Executor getExecutor() {
        return executor;
    }

    /** Stops accepting, waits up to {@code delay} seconds for busy connections, closes all. */
    @Override
    public void stop(int delay) {
        if (listener == null) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(delay, 0)).toNanos();
        while (listener.openConnections() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.fine(() -> "closing the listening socket: " + e);
        }
    }

    /** The listener's counts (connections refused, evicted, timed out). */
    public TcpListener listener() {
        return listener;
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        HttpContext context = createContext(path);
        context.setHandler(handler);
        return context;
    }

    @Override
    public HttpContext createContext(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a context path starts with '/': " + path);
        }
        Context context = new Context(this, path);
        if (contexts.putIfAbsent(path, context) != null) {
            throw new IllegalArgumentException("a context for " + path + " exists already");
        }
        return context;
    }

    @Override
    public void removeContext(String path) {
        if (contexts.remove(path) == null) {
            throw new IllegalArgumentException("no context for " + path);
        }
    }

    @Override
    public void removeContext(HttpContext context) {
        contexts.remove(context.getPath(), context);
    }

    @Override
    public InetSocketAddress getAddress() {
        return listener == null ? null : listener.localAddress();
    }

    /** The context whose path is the longest prefix of {@code path}, or null. */
    Context contextFor(String path) {
        Context best = null;
        for (Context context : contexts.values()) {
            if (path.startsWith(context.getPath()) && (best == null
                    || context.getPath().length() > best.getPath().length())) {
                best = context;
            }
        }
        return best;
    }

    RefusalListener refusals() {
        return refusals;
    }

    static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
