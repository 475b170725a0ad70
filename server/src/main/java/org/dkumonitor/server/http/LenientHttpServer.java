package org.dkumonitor.server.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * An HTTP/1.1 server for the JDK's {@link HttpHandler}s that accepts the request lines Graphite
 * clients send. The JDK's own server answers 400 ("URISyntaxException thrown") before any
 * handler runs when a target holds a character {@link java.net.URI} refuses: the raw
 * {@code {a,b}}, {@code |}, {@code [}, {@code ^} or spaces that browsers and scripts put in
 * render URLs, and that graphite-web's servers take as they are. Here the target is made a
 * valid URI by {@link RequestTarget}, keeping every byte the client sent.
 *
 * <p>One virtual thread per connection runs its requests one after the other (keep-alive and
 * pipelining); a connection idle for {@link #IDLE} while a request is awaited or read is
 * closed, as the JDK server closes idle connections. Contexts match by the longest path prefix,
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

    private final ServerSocket socket;
    private final Map<String, Context> contexts = new ConcurrentSkipListMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile Executor executor;
    private volatile RefusalListener refusals = (status, reason, caller, line) -> { };
    private ExecutorService ownExecutor;
    private Thread acceptor;

    private LenientHttpServer(InetSocketAddress address, int backlog) throws IOException {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        if (address != null) {
            socket.bind(address, backlog);
        }
    }

    /** A server bound to {@code address} at once, so that a port in use fails here. */
    public static LenientHttpServer create(InetSocketAddress address, int backlog)
            throws IOException {
        return new LenientHttpServer(address, backlog);
    }

    /** Who hears about requests refused before a handler ran (bad request line, no context). */
    public void onRefusal(RefusalListener listener) {
        this.refusals = listener;
    }

    @Override
    public void bind(InetSocketAddress address, int backlog) throws IOException {
        socket.bind(address, backlog);
    }

    @Override
    public synchronized void start() {
        if (acceptor != null) {
            throw new IllegalStateException("the server is started already");
        }
        if (executor == null) {
            ownExecutor = Executors.newVirtualThreadPerTaskExecutor();
            executor = ownExecutor;
        }
        acceptor = Thread.ofPlatform().name("http-accept-" + socket.getLocalPort()).daemon()
                .start(this::acceptLoop);
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
        try {
            socket.close();
        } catch (IOException e) {
            LOG.fine(() -> "closing the listening socket: " + e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(delay, 0)).toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket connection : connections) {
            try {
                connection.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
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
        return (InetSocketAddress) socket.getLocalSocketAddress();
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

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                LOG.warning("HTTP accept failed: " + e.getMessage());
                continue;
            }
            connections.add(connection);
            try {
                executor.execute(() -> {
                    try {
                        new HttpConnection(this, connection).serve();
                    } finally {
                        connections.remove(connection);
                    }
                });
            } catch (RuntimeException e) {
                connections.remove(connection);
                closeQuietly(connection);
                LOG.warning("HTTP connection not served: " + e);
            }
        }
    }

    static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
