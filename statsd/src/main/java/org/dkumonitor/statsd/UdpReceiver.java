package org.dkumonitor.statsd;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.tap.LineTap;

/**
 * StatsD over UDP: {@code udpThreads} sockets bound to the same port with SO_REUSEPORT (the
 * kernel spreads senders over them), each read by its own thread into a 64 KiB buffer, every
 * datagram one statsd packet. Receive buffers are asked for 4 MiB (the kernel caps it at
 * net.core.rmem_max); what a burst overflows is dropped by the kernel, as for any UDP
 * receiver, which is why the flush never holds the receivers up.
 */
final class UdpReceiver {

    private static final int MAX_DATAGRAM = 65_536;

    private final List<DatagramSocket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    UdpReceiver(InetSocketAddress address, int threadCount) throws IOException {
        int port = address.getPort();
        try {
            for (int i = 0; i < threadCount; i++) {
                DatagramSocket socket = new DatagramSocket(null);
                sockets.add(socket);
                if (threadCount > 1) {
                    socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                socket.setReceiveBufferSize(4 * 1024 * 1024);
                socket.bind(new InetSocketAddress(address.getAddress(), port));
                port = socket.getLocalPort();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    int port() {
        return sockets.get(0).getLocalPort();
    }

    void start(Aggregator aggregator, LineTap tap) {
        for (int i = 0; i < sockets.size(); i++) {
            DatagramSocket socket = sockets.get(i);
            StatsdParser parser = aggregator.newParser();
            Thread thread = new Thread(null, new Runnable() {
                @Override
                public void run() {
                    receive(socket, parser, aggregator, tap);
                }
            }, "statsd-udp-" + i, 512 * 1024);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private static void receive(DatagramSocket socket, StatsdParser parser,
            Aggregator aggregator, LineTap tap) {
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                tap.offer(buffer, 0, packet.getLength());
                aggregator.receive(parser, buffer, 0, packet.getLength());
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // a failed receive (e.g. ICMP error on the socket) loses that datagram only
            }
        }
    }

    void close() {
        for (DatagramSocket socket : sockets) {
            socket.close();
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
