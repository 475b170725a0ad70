package org.dkumonitor.statsd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.tap.LineTap;

/**
 * StatsD over UDP: {@code udpThreads} sockets bound to the same port with SO_REUSEPORT (the
 * kernel spreads senders over them), each read by its own thread, every datagram one statsd
 * packet. Receive buffers are asked for 4 MiB (the kernel caps it at net.core.rmem_max); what a
 * burst overflows is dropped by the kernel, as for any UDP receiver, which is why the flush
 * never holds the receivers up.
 *
 * <p>A datagram is received into a 64 KiB direct buffer (the largest a datagram can be; the
 * JDK would use one of its own for a heap buffer anyway) and only its bytes are copied to the
 * heap, into an array that grows to the largest datagram seen (StatsD packets are small).
 * A channel rather than a {@code DatagramSocket}, whose adaptor adds a packet object, locks
 * and copies per datagram.
 */
final class UdpReceiver {

    private static final int MAX_DATAGRAM = 65_536;

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    UdpReceiver(InetSocketAddress address, int threadCount) throws IOException {
        int port = address.getPort();
        try {
            for (int i = 0; i < threadCount; i++) {
                DatagramChannel channel = DatagramChannel.open();
                channels.add(channel);
                if (threadCount > 1) {
                    channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
                channel.bind(new InetSocketAddress(address.getAddress(), port));
                port = port();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    int port() {
        try {
            return ((InetSocketAddress) channels.get(0).getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the StatsD UDP socket is closed", e);
        }
    }

    void start(Aggregator aggregator, LineTap tap) {
        for (int i = 0; i < channels.size(); i++) {
            DatagramChannel channel = channels.get(i);
            StatsdParser parser = aggregator.newParser();
            Thread thread = new Thread(null, new Runnable() {
                @Override
                public void run() {
                    receive(channel, parser, aggregator, tap);
                }
            }, "statsd-udp-" + i, 256 * 1024);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private static void receive(DatagramChannel channel, StatsdParser parser,
            Aggregator aggregator, LineTap tap) {
        ByteBuffer datagram = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        byte[] bytes = new byte[2048];
        while (channel.isOpen()) {
            try {
                datagram.clear();
                channel.receive(datagram);
                int length = datagram.position();
                if (length > bytes.length) {
                    bytes = new byte[Math.max(length, Math.min(MAX_DATAGRAM, bytes.length * 2))];
                }
                datagram.flip();
                datagram.get(bytes, 0, length);
                tap.offer(bytes, 0, length);
                aggregator.receive(parser, bytes, 0, length);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // a failed receive (e.g. ICMP error on the socket) loses that datagram only
            }
        }
    }

    void close() {
        for (DatagramChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
