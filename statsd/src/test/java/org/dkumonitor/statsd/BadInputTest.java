package org.dkumonitor.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.testkit.Await;
import org.dkumonitor.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile and malformed input through the real listener: counted, never fatal, neighbours kept. */
class BadInputTest {

    private final Captured captured = new Captured();
    private final ManualClock clock = ManualClock.atEpochMilli(1_800_000_000_000L);
    private StatsdService service;

    @BeforeEach
    void start() throws Exception {
        service = StatsdService.manual(YamlConfigLoader.parse("t.yaml",
                "port: 0\nflushInterval: 10\nmaxLineBytes: 4096\n", StatsdConfig.class),
                captured, clock::millis, TestLog.QUIET);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private Map<String, String> flush() {
        clock.advanceMillis(10_000);
        service.flush();
        Map<String, String> values = new HashMap<>();
        for (String line : captured.take()) {
            String[] parts = line.split(" ");
            assertEquals(3, parts.length, line);
            values.put(parts[0], parts[1]);
        }
        return values;
    }

    private void udp(byte[]... datagrams) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            for (byte[] datagram : datagrams) {
                socket.send(new DatagramPacket(datagram, datagram.length,
                        InetAddress.getLoopbackAddress(), service.port()));
            }
        }
        service.awaitPackets(datagrams.length);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsEveryBadValueAndKeepsItsNeighbours() throws Exception {
        List<String> bad = List.of("bad.notype:7", "bad.novalue", "bad.rate:1|c|@abc",
                "bad.rate2:1|c|@-0.5", "bad.rate3:1|c|0.5", "bad.gauge:abc|g", "bad.timer:-5|ms",
                "bad.timer2:abc|ms", "bad.counter:abc|c", "nothing:|c", "zero.rate:1|c|@0",
                "big.rate:1|c|@1.5", "nan.rate:1|c|@NaN", "space.rate:1|c|@ 0.5",
                "value.missing:|ms", "empty.value:|g", "x:1|c|@");
        // an empty type is statsd's default case, a counter
        udp(bytes(String.join("\n", bad) + "\ngood.one:1|c\nmulti:1|c:oops|c:2|c\nempty.type:1|"));
        Map<String, String> values = flush();
        assertEquals(String.valueOf(bad.size() + 1),
                values.get("stats_counts.statsd.bad_lines_seen"));
        assertEquals("1", values.get("stats_counts.good.one"));
        assertEquals("3", values.get("stats_counts.multi"));
        assertEquals("1", values.get("stats_counts.empty.type"));
        assertEquals("1", values.get("stats_counts.statsd.packets_received"));
    }

    @Test
    void readsNonUtf8BytesAsStatsdDecodesThem() throws Exception {
        byte[] key = {'k', (byte) 0xff, 'e', (byte) 0xc3, (byte) 0xa9, 'y', ':', '1', '|', 'c'};
        byte[] value = {'v', ':', '1', (byte) 0xfe, '|', 'c'};
        udp(key, value);
        Map<String, String> values = flush();
        assertEquals("1", values.get("stats_counts.key"));
        assertEquals("1", values.get("stats_counts.statsd.bad_lines_seen"));
    }

    @Test
    void takesAWholeLargestDatagram() throws Exception {
        StringBuilder text = new StringBuilder();
        int lines = 0;
        while (text.length() < 65_000) {
            text.append("big.").append(lines++ % 100).append(":1|c\n");
        }
        byte[] datagram = bytes(text.toString());
        assertTrue(datagram.length > 64_000 && datagram.length <= 65_507);
        udp(datagram);
        Map<String, String> values = flush();
        assertEquals(String.valueOf(lines), values.get("stats_counts.statsd.metrics_received"));
        assertEquals("0", values.get("stats_counts.statsd.bad_lines_seen"));
    }

    @Test
    void refusesAKeyLongerThanAnyStoreCouldName() throws Exception {
        udp(bytes("k".repeat(10_000) + ":1|c\nshort:1|c"));
        Map<String, String> values = flush();
        assertEquals("1", values.get("stats_counts.statsd.bad_lines_seen"));
        assertEquals("1", values.get("stats_counts.short"));
        assertFalse(values.keySet().stream().anyMatch(k -> k.length() > 5000));
    }

    @Test
    void skipsAHugeTcpLineWithoutHoldingIt() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            OutputStream out = socket.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 160; i++) {
                out.write(chunk);
            }
            out.write(bytes("\nafter.long:1|c\n"));
        }
        service.awaitPackets(1);
        awaitKeys(1);
        Map<String, String> values = flush();
        assertEquals("1", values.get("stats_counts.statsd.bad_lines_seen"));
        assertEquals("1", values.get("stats_counts.after.long"));
    }

    @Test
    void framesTcpFedOneByteAtATime() throws Exception {
        byte[] text = bytes("tcp.a:1|c\ntcp.b:2|c|@0.5\ntcp.g:+3|g\npartial:1|c");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            for (byte b : text) {
                out.write(b);
                out.flush();
            }
        }
        awaitKeys(3);
        Map<String, String> values = flush();
        assertEquals("1", values.get("stats_counts.tcp.a"));
        assertEquals("4", values.get("stats_counts.tcp.b"));
        assertEquals("3", values.get("stats.gauges.tcp.g"));
        assertEquals(null, values.get("stats_counts.partial"), "unterminated at the end");
        assertEquals("3", values.get("stats_counts.statsd.metrics_received"));
    }

    /** Polls (briefly) until the service holds {@code count} keys besides its own three. */
    private void awaitKeys(int count) {
        Await.until("the service holds " + count + " keys of ours",
                () -> service.keys() >= 3 + count);
    }

    @Test
    void randomBytesNeverBreakTheParser() {
        Random random = new Random(16);
        StatsdParser parser = new StatsdParser(false);
        StatsdParser statsite = new StatsdParser(true);
        Aggregator aggregator = new Aggregator(YamlConfigLoader.parse("t.yaml", "port: 0\n",
                StatsdConfig.class));
        Tally tally = new Tally();
        StatsdParser tallyParser = new StatsdParser(false);
        StatsdParser tallyStatsite = new StatsdParser(true);
        byte[] alphabet = bytes("ab.:|@#,;=-+ 0123456789e\n\r\tcmsgkvhx/\\");
        // most of a parser's paths are reached only by input that is nearly right
        List<byte[]> valid = List.of(bytes("a.b:3|c|@0.5"), bytes("t:12.5|ms"),
                bytes("g:-4|g\nh:+2|g"), bytes("u:joe|s"), bytes("k:7|kv|#x:y"),
                bytes("t:1.5e2|h|@0.1"));
        for (int round = 0; round < 20_000; round++) {
            byte[] packet = round % 4 < 2 ? valid.get(random.nextInt(valid.size())).clone()
                    : new byte[random.nextInt(80)];
            for (int i = 0; i < packet.length; i++) {
                if (round % 4 >= 2 || random.nextInt(12) == 0) {
                    packet[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256)
                            : alphabet[random.nextInt(alphabet.length)];
                }
            }
            aggregator.receive(round % 2 == 0 ? parser : statsite, packet, 0, packet.length);
            tally.packet(round % 2 == 0 ? tallyParser : tallyStatsite, packet);
        }
        Snapshot snapshot = aggregator.snapshot(1_800_000_000L, 10_000);
        Captured out = new Captured();
        LineBuffer lines = new LineBuffer(out);
        new GraphiteFormat(YamlConfigLoader.parse("t.yaml", "port: 0\n", StatsdConfig.class))
                .write(snapshot, lines, new FlushStats(0));
        lines.flushChunk();
        for (String line : out.take()) {
            assertEquals(3, line.split(" ").length, line);
            assertTrue(line.chars().allMatch(c -> c > ' ' && c < 127 || c == ' '), line);
        }
        // a generator of garbage only (13 of 20000 parsed), or of valid packets only, would
        // test one path
        assertTrue(tally.clean >= 2000 && tally.refused >= 2000, tally.toString());
    }

    /** Counts the packets that gave values and no bad line, and those with a bad line. */
    private static final class Tally implements Samples {

        int clean;
        int refused;
        private int values;
        private int bad;

        void packet(StatsdParser parser, byte[] packet) {
            values = 0;
            bad = 0;
            parser.packet(packet, 0, packet.length, this);
            if (bad > 0) {
                refused++;
            } else if (values > 0) {
                clean++;
            }
        }

        @Override
        public void packet() {
        }

        @Override
        public void line() {
        }

        @Override
        public void badLine() {
            bad++;
        }

        @Override
        public void counter(byte[] key, int keyLength, double value) {
            values++;
        }

        @Override
        public void timer(byte[] key, int keyLength, double value, double count) {
            values++;
        }

        @Override
        public void gauge(byte[] key, int keyLength, double value, boolean delta) {
            values++;
        }

        @Override
        public void set(byte[] key, int keyLength, byte[] member, int from, int to) {
            values++;
        }

        @Override
        public void keyValue(byte[] key, int keyLength, double value) {
            values++;
        }

        @Override
        public String toString() {
            return clean + " of 20000 packets parsed clean, " + refused + " had a bad line";
        }
    }
}
