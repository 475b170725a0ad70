package org.dkumonitor.server.listen;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.dkumonitor.server.lifecycle.NeededThreads;

/**
 * A TCP port whose connections each get a virtual thread reading the stream: what every stream
 * receiver shares (carbon plaintext and pickle, GottWall's stream, the HTTP servers). Bounded:
 *
 * <ul>
 *   <li>at most {@link ListenerLimits#maxConnections} connections; when full (or when the
 *       process's descriptors are nearly all in use, {@link DescriptorBudget}), a new one takes
 *       the place of the connection that has been silent longest, if that one has been silent
 *       for over {@value #EVICTABLE_MILLIS} ms (so thousands of idle connections cannot lock
 *       senders out), else the new one is closed at once ({@link #onRefusal} may tell it why
 *       first);</li>
 *   <li>a connection silent for the idle timeout is closed, and so is one that began a line or
 *       frame (see {@link FrameTimer}) and did not finish it within the frame timeout, and one
 *       whose peer does not take a write to its {@link SocketHandler}'s output within the frame
 *       timeout (a client that sends requests but never reads the answers);</li>
 *   <li>the reader allocates by what arrives (see the receivers), not by what a peer announces.
 *   </li>
 * </ul>
 *
 * <p>The accept loop runs on a platform thread the server needs ({@link NeededThreads}): if it
 * dies, the process ends rather than run without the port. A failing accept (descriptors
 * exhausted) is logged once a minute and retried after a short pause, not in a hot loop.
 * {@link #close} stops accepting, closes every connection and waits for their threads, so that
 * no point arrives after it returns.
 */
public final class TcpListener implements Closeable {

    /** Reads one connection's stream until it ends, telling the timer about its frames. */
    public interface StreamReader {
        void read(InputStream in, FrameTimer timer) throws IOException;
    }

    /**
     * Serves one connection that also answers: its socket (addresses, options), its stream
     * read with the listener's timeouts, its output whose every write must be taken within the
     * frame timeout, and its frame timer.
     */
    public interface SocketHandler {
        void serve(Socket socket, InputStream in, OutputStream out, FrameTimer timer)
                throws IOException;
    }

    static final long EVICTABLE_MILLIS = 1_000;
    private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());
    private static final Duration JOIN_WAIT = Duration.ofSeconds(10);
    private static final long ACCEPT_RETRY_MILLIS = 100;
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;
    private static final long WRITE_WATCH_MILLIS = 250;

    private final String name;
    private final ServerSocket server;
    private final ListenerLimits limits;
    private final SocketHandler handler;
    private final Map<Socket, Connection> connections = new ConcurrentHashMap<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final long evictableNanos;
    private final BooleanSupplier descriptorsShort;
    private volatile long lastLogged;
    private volatile Consumer<Socket> refusal = socket -> { };
    private Thread acceptor;

    /** Binds at once, so that a port in use fails the start; {@code name} names the threads. */
    public TcpListener(String name, InetSocketAddress address, ListenerLimits limits,
            StreamReader reader) throws IOException {
        this(name, address, limits, (socket, in, out, timer) -> reader.read(in, timer),
                Duration.ofMillis(EVICTABLE_MILLIS), DescriptorBudget::nearlyExhausted);
    }

    /** A listener whose connections are served by {@code handler} (HTTP). */
    public TcpListener(String name, InetSocketAddress address, ListenerLimits limits,
            SocketHandler handler) throws IOException {
        this(name, address, limits, handler, Duration.ofMillis(EVICTABLE_MILLIS),
                DescriptorBudget::nearlyExhausted);
    }

    /**
     * {@code evictableAfter}: how long a connection must be silent to make room;
     * {@code descriptorsShort}: whether the process is nearly out of descriptors (tests).
     */
    TcpListener(String name, InetSocketAddress address, ListenerLimits limits,
            SocketHandler handler, Duration evictableAfter, BooleanSupplier descriptorsShort)
            throws IOException {
        this.evictableNanos = evictableAfter.toNanos();
        this.descriptorsShort = descriptorsShort;
        this.name = name;
        this.limits = limits;
        this.handler = handler;
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address, 1024);
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return String.valueOf(server.getLocalSocketAddress());
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /**
     * Who tells a connection refused for want of room why, before it is closed: a few bytes
     * (they fit any send buffer: the accepting thread writes them). Set before {@link #start}.
     */
    public void onRefusal(Consumer<Socket> answer) {
        this.refusal = answer;
    }

    public void start() {
        acceptor = NeededThreads.start(name + "-accept", this::acceptLoop,
                server::isClosed);
        Thread.ofVirtual().name(name + "-write-watch").start(this::watchWrites);
    }

    /** True while the accept loop runs (or before start / after close). */
    public boolean accepting() {
        return acceptor == null || acceptor.isAlive() || server.isClosed();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException e) {
                if (server.isClosed()) {
                    return;
                }
                pauseAfter(e);
                continue;
            } catch (IOException e) {
                pauseAfter(e);
                continue;
            }
            admit(socket);
        }
    }

    private void admit(Socket socket) {
        accepted.increment();
        String shortOf = connections.size() >= limits.maxConnections()
                ? limits.maxConnections() + " connections open"
                : descriptorsShort.getAsBoolean()
                        ? "the process's descriptors are nearly all in use" : null;
        if (shortOf != null && !evictOne(shortOf)) {
            refused.increment();
            logRarely(name + ": " + shortOf + ", all active: refused one from "
                    + socket.getRemoteSocketAddress());
            try {
                refusal.accept(socket);
            } finally {
                closeQuietly(socket);
            }
            return;
        }
        Connection connection;
        try {
            connection = new Connection(socket, limits);
        } catch (IOException e) {
            closeQuietly(socket);
            return;
        }
        connections.put(socket, connection);
        Thread thread = Thread.ofVirtual().name(name + "-" + socket.getPort())
                .unstarted(() -> serve(connection));
        threads.add(thread);
        thread.start();
    }

    /** Closes the connection silent longest, if silent long enough; false if none is. */
    private boolean evictOne(String shortOf) {
        Connection oldest = null;
        for (Connection candidate : connections.values()) {
            if (oldest == null || candidate.lastActivity() < oldest.lastActivity()) {
                oldest = candidate;
            }
        }
        if (oldest == null || System.nanoTime() - oldest.lastActivity() < evictableNanos) {
            return false;
        }
        evicted.increment();
        logRarely(name + ": " + shortOf + ": closed the one"
                + " silent longest (" + oldest.socket().getRemoteSocketAddress() + ") to take a"
                + " new one");
        connections.remove(oldest.socket());
        closeQuietly(oldest.socket());
        return true;
    }

    private void serve(Connection connection) {
        Socket socket = connection.socket();
        try {
            handler.serve(socket, connection.input(), connection.output(), connection);
        } catch (Connection.TimeoutException e) {
            timedOut.increment();
            logRarely(name + ": closed " + socket.getRemoteSocketAddress() + ": "
                    + e.getMessage());
        } catch (IOException e) {
            LOG.fine(() -> "connection " + socket.getRemoteSocketAddress() + " ended: " + e);
        } finally {
            // closed after the count, so that a peer that sees the close sees it counted
            closeQuietly(socket);
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    /** Closes the connections whose peer has not taken a write within the frame timeout. */
    private void watchWrites() {
        while (!server.isClosed()) {
            long now = System.nanoTime();
            for (Connection connection : connections.values()) {
                if (connection.writeOverdue(now)) {
                    timedOut.increment();
                    logRarely(name + ": closed " + connection.socket().getRemoteSocketAddress()
                            + ": it took no answer for " + limits.frameTimeout().toSeconds()
                            + " s");
                    closeQuietly(connection.socket());
                }
            }
            try {
                Thread.sleep(WRITE_WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pauseAfter(IOException e) {
        logRarely(name + ": accept failed: " + e.getMessage() + "; retrying");
        try {
            Thread.sleep(ACCEPT_RETRY_MILLIS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void logRarely(String message) {
        long now = System.nanoTime();
        if (lastLogged == 0 || now - lastLogged > LOG_EVERY_NANOS) {
            lastLogged = now;
            LOG.warning(message + " (more of these are counted, not logged, for a minute)");
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
    }

    public int openConnections() {
        return connections.size();
    }

    public long acceptedConnections() {
        return accepted.sum();
    }

    /** Connections closed at once because the listener was full of active ones. */
    public long refusedConnections() {
        return refused.sum();
    }

    /** Silent connections closed to make room for a new one. */
    public long evictedConnections() {
        return evicted.sum();
    }

    /** Connections closed by the idle or the frame timeout. */
    public long timedOutConnections() {
        return timedOut.sum();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections.keySet()) {
            socket.close();
        }
        for (Thread thread : threads) {
            try {
                thread.join(JOIN_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
