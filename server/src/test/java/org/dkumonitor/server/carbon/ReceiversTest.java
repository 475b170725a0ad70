package org.dkumonitor.server.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
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
import java.util.Map;
import java.util.Random;
import org.dkumonitor.server.OneByteAtATime;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.junit.jupiter.api.Test;

class ReceiversTest {

    private static final long NOW = 1_700_000_040L;
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(NOW));

    /** Collects every stored point, in order, as "name value timestamp". */
    private final List<String> stored = new ArrayList<>();
    private final ReceiverStats stats = new ReceiverStats();
    private final LineSink sink = new LineSink(batch -> {
        synchronized (stored) {
            for (int i = 0; i < batch.size(); i++) {
                stored.add(batch.name(i) + " " + batch.value(i) + " " + batch.timestamp(i));
            }
            stored.notifyAll();
        }
    }, CLOCK, stats, 60);

    private static final String MIXED = "a.b 1 1700000000\n"
            + "bad line\n"
            + "c.d\t2  1700000010\r\n"
            + "\n"
            + "e.f nan 1700000000\n"
            + "../../etc/passwd 1 1700000000\n"
            + "future 1 1700000101\n"
            + "near.future 1 1700000100\n"
            + "t;b=2;a=1 3 -1\n"
            + "half.line 4 17000";

    private static final List<String> EXPECTED = List.of("a.b 1.0 1700000000",
            "c.d 2.0 1700000010", "near.future 1.0 1700000100", "t;a=1;b=2 3.0 1700000040");

    @Test
    void framesLinesFedOneByteAtATime() throws IOException {
        PlaintextTcpReceiver.frame(new OneByteAtATime(MIXED.getBytes(StandardCharsets.UTF_8)),
                sink);
        assertEquals(EXPECTED, stored);
        assertEquals(1, stats.badLines());
        assertEquals(1, stats.nanValues());
        assertEquals(1, stats.futurePoints());
        assertEquals(Map.of("empty node", 1L), stats.rejectedNames());
    }

    @Test
    void framesTheSameWhateverTheReadSizes() throws IOException {
        byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(5);
        for (int n = 0; n < 200; n++) {
            stored.clear();
            PlaintextTcpReceiver.frame(new InputStream() {
                private int at;

                @Override
                public int read() {
                    return at == bytes.length ? -1 : bytes[at++] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (at == bytes.length) {
                        return -1;
                    }
                    int count = Math.min(Math.min(len, 1 + random.nextInt(20)),
                            bytes.length - at);
                    System.arraycopy(bytes, at, b, off, count);
                    at += count;
                    return count;
                }
            }, sink);
            assertEquals(EXPECTED, stored);
        }
    }

    @Test
    void skipsAnOverlongLineAndKeepsTheConnection() throws IOException {
        String input = "x".repeat(PlaintextTcpReceiver.MAX_LINE_BYTES * 3) + " 1 1700000000\n"
                + "after 1 1700000000\n";
        PlaintextTcpReceiver.frame(new ByteArrayInputStream(
                input.getBytes(StandardCharsets.UTF_8)), sink);
        assertEquals(List.of("after 1.0 1700000000"), stored);
        assertEquals(1, stats.overlongLines());
    }

    @Test
    void survivesBinaryGarbage() throws IOException {
        byte[] garbage = new byte[200_000];
        new Random(9).nextBytes(garbage);
        byte[] tail = "ok 1 1700000000\n".getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[garbage.length + 1 + tail.length];
        System.arraycopy(garbage, 0, input, 0, garbage.length);
        input[garbage.length] = '\n';
        System.arraycopy(tail, 0, input, garbage.length + 1, tail.length);
        PlaintextTcpReceiver.frame(new ByteArrayInputStream(input), sink);
        assertEquals("ok 1.0 1700000000", stored.get(stored.size() - 1));
    }

    @Test
    void parsesEveryLineOfADatagramEvenTheLastUnterminatedOne() {
        byte[] datagram = "a 1 1700000000\nb 2 1700000000".getBytes(StandardCharsets.UTF_8);
        PlaintextUdpReceiver.datagram(datagram, datagram.length, sink, sink.newBatch());
        assertEquals(List.of("a 1.0 1700000000", "b 2.0 1700000000"), stored);
    }

    @Test
    void receivesOverLoopbackTcpAndUdpOnTheSamePort() throws Exception {
        MetricCache cache = new MetricCache();
        LineSink cacheSink = new LineSink(cache, CLOCK, stats);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (PlaintextTcpReceiver tcp = new PlaintextTcpReceiver(any, cacheSink)) {
            tcp.start();
            InetSocketAddress same = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    tcp.port());
            try (PlaintextUdpReceiver udp = new PlaintextUdpReceiver(same, cacheSink);
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), tcp.port());
                    DatagramSocket datagrams = new DatagramSocket()) {
                udp.start();
                OutputStream out = client.getOutputStream();
                out.write("tcp.m 1 1700000000\nhalf a line".getBytes(StandardCharsets.UTF_8));
                out.flush();
                client.shutdownOutput();
                byte[] d = "udp.m 2 1700000000\n".getBytes(StandardCharsets.UTF_8);
                datagrams.send(new DatagramPacket(d, d.length, same));
                while (cache.read("tcp.m").isEmpty() || cache.read("udp.m").isEmpty()) {
                    Thread.sleep(5);
                }
            }
        }
        assertEquals(List.of(new TimeSeriesPoint(1_700_000_000L, 1)), cache.read("tcp.m"));
        assertEquals(List.of(new TimeSeriesPoint(1_700_000_000L, 2)), cache.read("udp.m"));
        assertEquals(2, cache.metrics().size(), "the half line is discarded");
    }

    @Test
    void pickleConnectionReadsFramesAndClosesOnAHostileOne() throws Exception {
        byte[] good = resource("carbon-protocol4.pickle");
        byte[] hostile = resource("hostile-reduce.pickle");
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(wire);
        out.writeInt(good.length);
        out.write(good);
        out.writeInt(hostile.length);
        out.write(hostile);
        out.writeInt(good.length);
        out.write(good);
        PickleTcpReceiver.frames(new OneByteAtATime(wire.toByteArray()), sink, 1 << 20);
        assertEquals(List.of("a.b.c 1.5 1700000040", "a.b.d 42.0 1700000041",
                "unicode.\u00e9 7.0 1700000042"), stored, "big.ts is in the future; the"
                + " frame after the hostile one is never read");
        assertEquals(1, stats.badFrames());
        assertEquals(1, stats.futurePoints());
    }

    @Test
    void pickleConnectionClosesOnAnOversizedOrTruncatedFrame() throws IOException {
        PickleTcpReceiver.frames(new ByteArrayInputStream(new byte[] {0, 0x20, 0, 1, 1}), sink,
                1 << 20);
        PickleTcpReceiver.frames(new ByteArrayInputStream(new byte[] {0, 0, 0, 9, '(', 'l'}),
                sink, 1 << 20);
        assertEquals(2, stats.badFrames());
        assertEquals(List.of(), stored);
    }

    @Test
    void aLineLongerThanTheFirstBufferIsReadWhenTheBudgetAllowsAndSkippedWhenNot()
            throws IOException {
        String longName = "long." + "n".repeat(PlaintextTcpReceiver.FIRST_BUFFER_BYTES * 3);
        byte[] input = (longName + " 1 1700000000\nshort.m 2 1700000000\n")
                .getBytes(StandardCharsets.UTF_8);
        org.dkumonitor.server.listen.BufferBudget none =
                new org.dkumonitor.server.listen.BufferBudget(0);
        PlaintextTcpReceiver.frame(new OneByteAtATime(input), sink,
                org.dkumonitor.server.listen.FrameTimer.NONE, none);
        assertEquals(List.of("short.m 2.0 1700000000"), stored, "no budget: skipped");
        assertEquals(1, stats.overlongLines());
        stored.clear();
        org.dkumonitor.server.listen.BufferBudget some =
                new org.dkumonitor.server.listen.BufferBudget(1 << 20);
        PlaintextTcpReceiver.frame(new ByteArrayInputStream(input), sink,
                org.dkumonitor.server.listen.FrameTimer.NONE, some);
        assertEquals(List.of("short.m 2.0 1700000000"), stored);
        assertEquals(1, stats.overlongLines(), "with a budget, the long line is read whole");
        assertEquals(1L, stats.rejectedNames().values().stream().mapToLong(Long::longValue)
                .sum(), "and its name refused as too long");
        assertEquals(0, some.used(), "the budget is given back");
    }

    @Test
    void aPickleFrameGrowsItsBufferAsItArrivesAndIsRefusedPastTheBudget() throws IOException {
        byte[] good = resource("carbon-protocol4.pickle");
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(wire);
        out.writeInt(good.length);
        out.write(good);
        out.writeInt(1 << 20); // announces a megabyte, sends a few bytes
        out.write(new byte[] {1, 2, 3});
        org.dkumonitor.server.listen.BufferBudget small =
                new org.dkumonitor.server.listen.BufferBudget(64 * 1024);
        PickleTcpReceiver.frames(new ByteArrayInputStream(wire.toByteArray()), sink, 1 << 20,
                org.dkumonitor.server.listen.FrameTimer.NONE, small);
        assertEquals(3, stored.size(), "the good frame is read");
        assertEquals(1, stats.badFrames());
        assertEquals(0, small.used());
        java.io.ByteArrayOutputStream big = new java.io.ByteArrayOutputStream();
        DataOutputStream bigOut = new DataOutputStream(big);
        bigOut.writeInt(512 * 1024);
        bigOut.write(new byte[512 * 1024]);
        PickleTcpReceiver.frames(new ByteArrayInputStream(big.toByteArray()), sink, 1 << 20,
                org.dkumonitor.server.listen.FrameTimer.NONE, small);
        assertEquals(2, stats.badFrames(), "past the budget: refused");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ReceiversTest.class.getResourceAsStream("/pickle/" + name)) {
            return in.readAllBytes();
        }
    }
}
