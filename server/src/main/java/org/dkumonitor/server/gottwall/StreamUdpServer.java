package org.dkumonitor.server.gottwall;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.logging.Logger;

/**
 * GottWall's UDP stream (spec section 6) on PORT+7: each datagram is
 * {@code <GottWallS2 header><auth delimiter><json>--chunk--[<json>--chunk--...]}, never
 * answered. Either auth delimiter is taken (Python clients send {@code --stream-auth--}, Go
 * and GottWall's default {@code --chunk-auth--}); a datagram whose header does not verify is
 * dropped whole, counted (GottWall let a header it could not parse through). A datagram of up
 * to 64 KiB is read (GottWall read 1024 bytes; the clients send at most that); a message cut
 * off at its end is counted as incomplete. One thread reads; UDP has no flow control, so what
 * the kernel's buffer cannot hold while it works is lost, as for any UDP receiver.
 */
final class StreamUdpServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(StreamUdpServer.class.getName());
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel channel;
    private final StreamIngest ingest;
    private final InstantSource clock;
    private Thread thread;

    StreamUdpServer(InetSocketAddress address, StreamIngest ingest, InstantSource clock)
            throws IOException {
        this.ingest = ingest;
        this.clock = clock;
        this.channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.bind(address);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the GottWall UDP listener is closed", e);
        }
    }

    void start() {
        thread = Thread.ofPlatform().name("gottwall-udp").daemon().start(this::receiveLoop);
        try {
            LOG.info("GottWall stream listening on UDP " + channel.getLocalAddress());
        } catch (IOException e) {
            // closed already
        }
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (from != null) {
                    datagram(buffer.array(), buffer.position(), from,
                            clock.instant().getEpochSecond());
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warning("GottWall UDP receive failed: " + e.getMessage());
            }
        }
    }

    /** Handles one datagram, {@code bytes[0, length)}. */
    void datagram(byte[] bytes, int length, Object peer, long now) {
        StreamHeader header = StreamHeader.find(bytes, 0,
                Math.min(length, StreamHeader.MAX_BYTES + StreamHeader.STREAM_AUTH.length));
        if (header == null) {
            ingest.refuseHeader("a datagram without --stream-auth-- or --chunk-auth-- after"
                    + " its header", String.valueOf(peer));
            return;
        }
        String project;
        try {
            project = ingest.authenticate(header.text(), peer);
        } catch (AuthException e) {
            return; // counted
        }
        int start = header.end();
        byte[] delimiter = ChunkSplitter.CHUNK_DELIMITER;
        while (start < length) {
            int at = ChunkSplitter.indexOf(bytes, start, length, delimiter);
            if (at < 0) {
                if (!blank(bytes, start, length)) {
                    ingest.incomplete(length - start);
                }
                return;
            }
            if (at > start) {
                ingest.message(project, bytes, start, at, now);
            }
            start = at + delimiter.length;
        }
    }

    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\n' && bytes[i] != '\r' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
