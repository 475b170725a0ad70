package org.dkumonitor.server.gottwall;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.logging.Logger;
import org.dkumonitor.server.listen.FrameTimer;
import org.dkumonitor.server.listen.ListenerLimits;
import org.dkumonitor.server.listen.TcpListener;

/**
 * GottWall's TCP stream (spec section 5) on PORT+7: one connection is one session for one
 * project. The client sends {@code GottWallS2 <ts> <sign> <base> <project>} and an auth
 * delimiter; the answer is {@code OK} (2 bytes), or {@code FAIL} and the connection closes.
 * Then messages follow, each ended by {@code --chunk--}; nothing more is ever answered.
 *
 * <p>Limits, those of a {@link TcpListener}: at most {@code maxConnections} at once (a new one
 * takes the place of one silent for a second, else it is answered FAIL and closed); the header
 * must arrive whole within {@value StreamHeader#MAX_BYTES} bytes and {@link #HEADER_TIMEOUT}
 * (the listener's frame timeout); a connection without a byte for {@code idleTimeout} is
 * closed; a message is at most {@code maxMessage} bytes (longer ones are skipped, counted).
 * Messages are not timed: a client may keep a few bytes between messages (a newline) pending.
 */
final class StreamTcpServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(StreamTcpServer.class.getName());
    /** How long the header may take to arrive whole. */
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAIL = "FAIL".getBytes(StandardCharsets.US_ASCII);

    private final TcpListener listener;
    private final StreamIngest ingest;
    private final InstantSource clock;
    private final GottwallConfig.Stream limits;

    /** Binds at once, so that a port in use fails the server's start. */
    StreamTcpServer(InetSocketAddress address, GottwallConfig.Stream limits, StreamIngest ingest,
            GottwallStats stats, InstantSource clock) throws IOException {
        this.limits = limits;
        this.ingest = ingest;
        this.clock = clock;
        this.listener = new TcpListener("gottwall-tcp", address, new ListenerLimits(
                limits.maxConnections(), Duration.ofSeconds(limits.idleTimeoutSeconds()),
                HEADER_TIMEOUT), this::serve);
        listener.onRefusal(StreamTcpServer::refuse);
        stats.streamListener(listener);
    }

    int port() {
        return listener.port();
    }

    void start() {
        listener.start();
        LOG.info("GottWall stream listening on TCP " + listener.address());
    }

    private static void refuse(Socket socket) {
        try {
            socket.getOutputStream().write(FAIL);
        } catch (IOException e) {
            // closed either way
        }
    }

    private void serve(Socket socket, InputStream in, OutputStream out, FrameTimer timer)
            throws IOException {
        socket.setTcpNoDelay(true);
        ChunkSplitter splitter = new ChunkSplitter(limits.maxMessageBytes());
        timer.started();
        String project = handshake(in, out, splitter,
                String.valueOf(socket.getRemoteSocketAddress()));
        timer.ended();
        if (project != null) {
            stream(in, splitter, project);
        }
    }

    /** Reads the header, answers OK or FAIL; returns the project, or null to close. */
    private String handshake(InputStream in, OutputStream out, ChunkSplitter splitter,
            String peer) throws IOException {
        byte[] head = new byte[StreamHeader.MAX_BYTES + StreamHeader.STREAM_AUTH.length];
        int length = 0;
        StreamHeader header;
        while (true) {
            int n = in.read(head, length, head.length - length);
            if (n < 0) {
                return null;
            }
            length += n;
            header = StreamHeader.find(head, 0, length);
            if (header != null) {
                break;
            }
            if (length == head.length) {
                ingest.refuseHeader("no --stream-auth-- (or --chunk-auth--) within the first "
                        + StreamHeader.MAX_BYTES + " bytes", peer);
                out.write(FAIL);
                return null;
            }
        }
        String project;
        try {
            project = ingest.authenticate(header.text(), peer);
        } catch (AuthException e) {
            out.write(FAIL);
            return null;
        }
        out.write(OK);
        out.flush();
        // what came with the header is the start of the messages
        long now = clock.instant().getEpochSecond();
        splitter.feed(head, header.end(), length - header.end(), handler(project, now));
        return project;
    }

    private void stream(InputStream in, ChunkSplitter splitter, String project)
            throws IOException {
        while (true) {
            // the clock is read once per read of the socket, not once per message
            long now = clock.instant().getEpochSecond();
            if (splitter.readFrom(in, handler(project, now)) < 0) {
                break;
            }
        }
        if (splitter.pending() > 0) {
            ingest.incomplete(splitter.pending());
        }
    }

    private ChunkSplitter.Handler handler(String project, long now) {
        return new ChunkSplitter.Handler() {
            @Override
            public void message(byte[] bytes, int from, int to) {
                ingest.message(project, bytes, from, to, now);
            }

            @Override
            public void overlong(long length) {
                ingest.overlong(length);
            }
        };
    }

    /** Stops accepting, closes every connection and waits for their threads. */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
