package org.dkumonitor.server.carbon;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.logging.Logger;
import org.dkumonitor.server.lifecycle.NeededThreads;

/**
 * Carbon plaintext over UDP: every datagram holds one or more lines; each is parsed as over
 * TCP, the last one even without {@code \n}; nothing is joined across datagrams. One thread
 * reads; while the cache is full it waits and the kernel drops what does not fit its buffer
 * (UDP has no flow control).
 */
public final class PlaintextUdpReceiver implements Closeable {

    private static final Logger LOG = Logger.getLogger(PlaintextUdpReceiver.class.getName());
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel channel;
    private final LineSink sink;
    private Thread thread;

    public PlaintextUdpReceiver(InetSocketAddress address, LineSink sink) throws IOException {
        this.sink = sink;
        this.channel = DatagramChannel.open();
        channel.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
        channel.bind(address);
    }

    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the UDP receiver is closed", e);
        }
    }

    public void start() {
        thread = NeededThreads.start("carbon-udp", this::receiveLoop, () -> !channel.isOpen());
        try {
            LOG.info("carbon plaintext listening on UDP " + channel.getLocalAddress());
        } catch (IOException e) {
            // closed already: nothing to announce
        }
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        PointBatch batch = sink.newBatch();
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (from == null) {
                    continue;
                }
                datagram(buffer.array(), buffer.position(), sink, batch);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warning("UDP receive failed: " + e.getMessage());
                try {
                    Thread.sleep(100); // not a hot loop while the failure lasts
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Parses every line of one datagram, {@code bytes[0, length)}. */
    static void datagram(byte[] bytes, int length, LineSink sink, PointBatch batch) {
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || bytes[i] == '\n') {
                if (i > start) {
                    sink.line(bytes, start, i, batch);
                }
                start = i + 1;
            }
        }
        sink.flush(batch);
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (thread != null) {
            try {
                thread.join(java.time.Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
