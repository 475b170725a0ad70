package org.dkumonitor.server.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Limits of a stream listener, over loopback: connections, idle and frame timeouts. */
class TcpListenerTest {

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Reads lines; a line is "begun" from its first byte to its newline. */
    private void readLines(InputStream in, FrameTimer timer) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
                timer.ended();
            } else {
                line.append((char) c);
                timer.started();
            }
        }
    }

    private TcpListener listener(ListenerLimits limits, Duration evictableAfter)
            throws IOException {
        return listener(limits, evictableAfter, () -> false);
    }

    private TcpListener listener(ListenerLimits limits, Duration evictableAfter,
            java.util.function.BooleanSupplier descriptorsShort) throws IOException {
        TcpListener listener = new TcpListener("test", new InetSocketAddress("127.0.0.1", 0),
                limits, (socket, in, out, timer) -> readLines(in, timer), evictableAfter,
                descriptorsShort);
        open.add(listener);
        listener.start();
        return listener;
    }

    private Socket connect(TcpListener listener) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.port());
        open.add(socket);
        socket.setSoTimeout(5_000);
        return socket;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    /** Waits (briefly) until the count reaches {@code expected}: counted after the close. */
    private static void awaitCount(java.util.function.LongSupplier count, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, count.getAsLong());
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** True once the server has closed the socket (a read sees the end or a reset). */
    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void closesAConnectionSilentForTheIdleTimeout() throws Exception {
        TcpListener listener = listener(new ListenerLimits(10, Duration.ofMillis(300),
                Duration.ofSeconds(10)), Duration.ofSeconds(1));
        Socket socket = connect(listener);
        send(socket, "one\n");
        assertEquals("one", lines.poll(5, TimeUnit.SECONDS));
        long started = System.nanoTime();
        assertTrue(closedByServer(socket));
        assertTrue(System.nanoTime() - started < 4_000_000_000L);
        awaitCount(listener::timedOutConnections, 1);
    }

    @Test
    void closesAConnectionThatTricklesALineItNeverFinishes() throws Exception {
        TcpListener listener = listener(new ListenerLimits(10, Duration.ofSeconds(10),
                Duration.ofMillis(400)), Duration.ofSeconds(1));
        Socket socket = connect(listener);
        long started = System.nanoTime();
        try {
            for (int i = 0; i < 100; i++) { // 10 s of one byte every 100 ms, if not closed
                send(socket, "x");
                Thread.sleep(100);
            }
        } catch (SocketException closed) {
            // the server closed it while we wrote
        }
        assertTrue(closedByServer(socket));
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "closed after the frame timeout");
        awaitCount(listener::timedOutConnections, 1);
    }

    @Test
    void aFullListenerMakesRoomByClosingTheConnectionSilentLongest() throws Exception {
        TcpListener listener = listener(new ListenerLimits(2, Duration.ofMinutes(1),
                Duration.ofMinutes(1)), Duration.ofMillis(50));
        Socket quiet = connect(listener);
        Socket busy = connect(listener);
        send(quiet, "q\n");
        assertEquals("q", lines.poll(5, TimeUnit.SECONDS));
        Thread.sleep(100);
        send(busy, "b\n");
        assertEquals("b", lines.poll(5, TimeUnit.SECONDS));
        Socket newcomer = connect(listener);
        send(newcomer, "n\n");
        assertEquals("n", lines.poll(5, TimeUnit.SECONDS));
        assertTrue(closedByServer(quiet), "the one silent longest made room");
        send(busy, "still\n");
        assertEquals("still", lines.poll(5, TimeUnit.SECONDS));
        assertEquals(1, listener.evictedConnections());
        assertEquals(2, listener.openConnections());
    }

    @Test
    void aListenerFullOfActiveConnectionsRefusesANewOne() throws Exception {
        TcpListener listener = listener(new ListenerLimits(1, Duration.ofMinutes(1),
                Duration.ofMinutes(1)), Duration.ofMinutes(1));
        Socket first = connect(listener);
        send(first, "a\n");
        assertEquals("a", lines.poll(5, TimeUnit.SECONDS));
        Socket second = connect(listener);
        assertTrue(closedByServer(second));
        send(first, "b\n");
        assertEquals("b", lines.poll(5, TimeUnit.SECONDS));
        assertEquals(1, listener.refusedConnections());
    }

    @Test
    void withDescriptorsShortANewConnectionOnlyTakesThePlaceOfASilentOne() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean descriptorsShort =
                new java.util.concurrent.atomic.AtomicBoolean();
        TcpListener listener = listener(new ListenerLimits(100, Duration.ofMinutes(1),
                Duration.ofMinutes(1)), Duration.ofSeconds(1), descriptorsShort::get);
        Socket quiet = connect(listener);
        send(quiet, "q\n");
        assertEquals("q", lines.poll(5, TimeUnit.SECONDS));
        Thread.sleep(1_100);
        descriptorsShort.set(true);
        Socket newcomer = connect(listener);
        send(newcomer, "n\n");
        assertEquals("n", lines.poll(5, TimeUnit.SECONDS));
        assertTrue(closedByServer(quiet), "the silent one made room though far below 100");
        Socket refusedOne = connect(listener);
        assertTrue(closedByServer(refusedOne), "no silent one left: refused");
        assertEquals(1, listener.evictedConnections());
        assertEquals(1, listener.refusedConnections());
        descriptorsShort.set(false);
        Socket later = connect(listener);
        send(later, "l\n");
        assertEquals("l", lines.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void aRefusedConnectionIsToldWhyBeforeItCloses() throws Exception {
        TcpListener listener = new TcpListener("test", new InetSocketAddress("127.0.0.1", 0),
                new ListenerLimits(1, Duration.ofMinutes(1), Duration.ofMinutes(1)),
                (socket, in, out, timer) -> readLines(in, timer), Duration.ofMinutes(1),
                () -> false);
        open.add(listener);
        listener.onRefusal(socket -> {
            try {
                socket.getOutputStream().write("FULL".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        listener.start();
        Socket first = connect(listener);
        send(first, "a\n");
        assertEquals("a", lines.poll(5, TimeUnit.SECONDS));
        Socket second = connect(listener);
        assertEquals("FULL", new String(second.getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII));
        assertEquals(1, listener.refusedConnections());
    }

    @Test
    void closesAConnectionThatDoesNotTakeItsAnswers() throws Exception {
        TcpListener listener = new TcpListener("test", new InetSocketAddress("127.0.0.1", 0),
                new ListenerLimits(10, Duration.ofMinutes(1), Duration.ofMillis(300)),
                (socket, in, out, timer) -> {
                    in.read();
                    byte[] answer = new byte[64 * 1024];
                    while (true) { // until the peer's buffers are full and the watch closes it
                        out.write(answer);
                    }
                }, Duration.ofMinutes(1), () -> false);
        open.add(listener);
        listener.start();
        Socket reader = connect(listener);
        send(reader, "?");
        awaitCount(listener::timedOutConnections, 1);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (listener.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, listener.openConnections(), "the blocked writer ended");
    }
}
