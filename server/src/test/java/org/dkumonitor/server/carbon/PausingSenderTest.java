package org.dkumonitor.server.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sender that pauses longer than the future limit (collectd with {@code Interval 300}, a cron
 * job on a kept connection, our agent at 90 s) and then sends a point stamped with the real now:
 * every receiver stores it. The pause is a step of an injected clock, taken while the receiver
 * waits in its read; nothing sleeps.
 */
class PausingSenderTest {

    private static final long START = 1_700_000_000L;
    private static final long LIMIT = 60;

    private final AtomicLong seconds = new AtomicLong(START);
    private final InstantSource clock = () -> Instant.ofEpochSecond(seconds.get());
    private final List<String> stored = new ArrayList<>();
    private final ReceiverStats stats = new ReceiverStats();
    private final LineSink sink = new LineSink(batch -> {
        synchronized (stored) {
            for (int i = 0; i < batch.size(); i++) {
                stored.add(batch.name(i) + " " + batch.timestamp(i));
            }
            stored.notifyAll();
        }
    }, clock, stats, LIMIT);

    /** Hands out {@code first}, then (the pause) moves the clock on, then {@code second}. */
    private InputStream pausingStream(byte[] first, byte[] second, long pause) {
        return new InputStream() {
            private int reads;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                byte[] chunk = switch (reads++) {
                    case 0 -> first;
                    case 1 -> {
                        seconds.addAndGet(pause);
                        yield second;
                    }
                    default -> null;
                };
                if (chunk == null) {
                    return -1;
                }
                System.arraycopy(chunk, 0, b, off, chunk.length);
                return chunk.length;
            }
        };
    }

    @ParameterizedTest
    @ValueSource(longs = {LIMIT + 1, 75, 3600, 86_400 * 30})
    void plaintextConnectionKeepsItsPointsAfterAPause(long pause) throws IOException {
        PlaintextTcpReceiver.frame(pausingStream(line("before", START), line("after", START
                + pause), pause), sink);
        assertEquals(List.of("before " + START, "after " + (START + pause)), stored);
        assertEquals(0, stats.futurePoints());
    }

    @ParameterizedTest
    @ValueSource(longs = {LIMIT + 1, 3600})
    void minusOneAfterAPauseMeansTheTimeItArrived(long pause) throws IOException {
        PlaintextTcpReceiver.frame(pausingStream(line("before", START),
                "after 1 -1\n".getBytes(StandardCharsets.UTF_8), pause), sink);
        assertEquals(List.of("before " + START, "after " + (START + pause)), stored);
    }

    @ParameterizedTest
    @ValueSource(longs = {LIMIT + 1, 3600})
    void pickleConnectionKeepsItsPointsAfterAPause(long pause) throws IOException {
        PickleTcpReceiver.frames(pausingStream(pickleFrame("before", START),
                pickleFrame("after", START + pause), pause), sink, 1 << 20);
        assertEquals(List.of("before " + START, "after " + (START + pause)), stored);
        assertEquals(0, stats.futurePoints());
    }

    @ParameterizedTest
    @ValueSource(longs = {LIMIT + 1, 3600})
    void stillRefusesWhatIsAheadOfTheTimeItArrives(long pause) throws IOException {
        PlaintextTcpReceiver.frame(pausingStream(line("before", START),
                line("ahead", START + pause + LIMIT + 1), pause), sink);
        assertEquals(List.of("before " + START), stored);
        assertEquals(1, stats.futurePoints());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp", "pickle"})
    void everyListenerStoresThePointAfterAPauseOverLoopback(String protocol) throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        long pause = 3600;
        switch (protocol) {
            case "tcp" -> {
                try (PlaintextTcpReceiver tcp = new PlaintextTcpReceiver(loopback, sink);
                        Socket client = connect(tcp.port(), tcp::start)) {
                    OutputStream out = client.getOutputStream();
                    out.write(line("before", START));
                    awaitStored(1);
                    seconds.addAndGet(pause);
                    out.write(line("after", START + pause));
                    awaitStored(2);
                }
            }
            case "pickle" -> {
                try (PickleTcpReceiver pickle = new PickleTcpReceiver(loopback, sink, 1 << 20);
                        Socket client = connect(pickle.port(), pickle::start)) {
                    OutputStream out = client.getOutputStream();
                    out.write(pickleFrame("before", START));
                    awaitStored(1);
                    seconds.addAndGet(pause);
                    out.write(pickleFrame("after", START + pause));
                    awaitStored(2);
                }
            }
            default -> {
                try (PlaintextUdpReceiver udp = new PlaintextUdpReceiver(loopback, sink);
                        DatagramSocket client = new DatagramSocket()) {
                    udp.start();
                    InetSocketAddress to = new InetSocketAddress(
                            InetAddress.getLoopbackAddress(), udp.port());
                    byte[] before = line("before", START);
                    client.send(new DatagramPacket(before, before.length, to));
                    awaitStored(1);
                    seconds.addAndGet(pause);
                    byte[] after = line("after", START + pause);
                    client.send(new DatagramPacket(after, after.length, to));
                    awaitStored(2);
                }
            }
        }
        assertEquals(List.of("before " + START, "after " + (START + pause)), stored);
        assertEquals(0, stats.futurePoints());
    }

    private static Socket connect(int port, Runnable start) throws IOException {
        start.run();
        return new Socket(InetAddress.getLoopbackAddress(), port);
    }

    private void awaitStored(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (stored) {
            while (stored.size() < count && stats.futurePoints() == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                stored.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), 0);
                if (stats.futurePoints() > 0) {
                    break;
                }
            }
        }
        // a refused point is counted, not stored: stop waiting and let the assertion say so
        if (stats.futurePoints() == 0) {
            synchronized (stored) {
                assertEquals(count, stored.size(), "points stored in time: " + stored);
            }
        }
    }

    private static byte[] line(String name, long timestamp) {
        return (name + " 1 " + timestamp + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A carbon pickle frame of one point, protocol 2: [(name, (timestamp, 1.0))]. */
    private static byte[] pickleFrame(String name, long timestamp) throws IOException {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(new byte[] {(byte) 0x80, 2, ']', '(', 'X'});
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        DataOutputStream data = new DataOutputStream(pickle);
        data.writeInt(Integer.reverseBytes(utf8.length));
        data.write(utf8);
        data.write('J');
        data.writeInt(Integer.reverseBytes((int) timestamp));
        data.write('G');
        data.writeDouble(1.0);
        data.write(new byte[] {(byte) 0x86, (byte) 0x86, 'e', '.'});
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        new DataOutputStream(frame).writeInt(pickle.size());
        pickle.writeTo(frame);
        return frame.toByteArray();
    }
}
