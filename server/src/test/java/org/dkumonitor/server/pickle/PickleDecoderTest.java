package org.dkumonitor.server.pickle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dkumonitor.server.FuzzInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden pickles made by Python 3.11's pickle module (protocols 0 to 5, statsd's hand-built
 * protocol 0) and hostile ones that would run os.system in a general unpickler.
 */
class PickleDecoderTest {

    record Point(String name, long timestamp, double value) {
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PickleDecoderTest.class.getResourceAsStream("/pickle/" + name)) {
            return in.readAllBytes();
        }
    }

    static List<Point> points(byte[] pickle, List<String> bad) {
        List<Point> points = new ArrayList<>();
        PickleMetrics.extract(PickleDecoder.decode(pickle), new PickleMetrics.Visitor() {
            @Override
            public void point(String name, long timestamp, double value) {
                points.add(new Point(name, timestamp, value));
            }

            @Override
            public void badPoint(String why) {
                bad.add(why);
            }
        });
        return points;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void readsCarbonPayloadsOfEveryProtocol(int protocol) throws IOException {
        List<String> bad = new ArrayList<>();
        assertEquals(List.of(new Point("a.b.c", 1_700_000_040L, 1.5),
                new Point("a.b.d", 1_700_000_041L, 42), new Point("big.ts", 4_000_000_000L, -2.25),
                new Point("unicode.\u00e9", 1_700_000_042L, 7)),
                points(resource("carbon-protocol" + protocol + ".pickle"), bad));
        assertEquals(List.of(), bad);
    }

    @Test
    void readsStatsdValuesSentAsStrings() throws IOException {
        assertEquals(List.of(new Point("stats.x", 1_700_000_040L, 3.5),
                new Point("stats.y", 1_700_000_040L, -1)),
                points(resource("statsd.pickle"), new ArrayList<>()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hostile-reduce.pickle", "hostile-reduce-p0.pickle",
        "hostile-reduce-p5.pickle", "hostile-global.pickle"})
    void refusesPicklesThatWouldBuildObjects(String name) throws IOException {
        PickleException e = assertThrows(PickleException.class,
                () -> PickleDecoder.decode(resource(name)));
        assertTrue(e.getMessage().contains("is not allowed"), e.getMessage());
        assertFalse(Files.exists(Path.of("/tmp/pwned-by-pickle")));
    }

    @Test
    void skipsBadPointsAndKeepsTheRest() throws IOException {
        List<String> bad = new ArrayList<>();
        assertEquals(List.of(new Point("ok", 1_700_000_040L, 1),
                new Point("multi", 1_700_000_040L, 1), new Point("multi", 1_700_000_050L, 2)),
                points(resource("mixed-bad-points.pickle"), bad));
        assertEquals(3, bad.size(), bad.toString());
    }

    @Test
    void refusesEveryTruncationOfAGoodPickle() throws IOException {
        byte[] good = resource("carbon-protocol2.pickle");
        for (int length = 0; length < good.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(good, length);
            assertThrows(PickleException.class, () -> PickleDecoder.decode(cut),
                    "truncated to " + length);
        }
    }

    @Test
    void refusesLengthsBeyondTheFrameWithoutAllocatingThem() {
        byte[] huge = {(byte) 0x80, 2, 'X', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, '.'};
        assertThrows(PickleException.class, () -> PickleDecoder.decode(huge));
        byte[] huge8 = {(byte) 0x8d, -1, -1, -1, -1, -1, -1, -1, 0x7f, '.'};
        assertThrows(PickleException.class, () -> PickleDecoder.decode(huge8));
    }

    private static byte[] ops(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void assertRefused(byte[] pickle, String why) {
        PickleException e = assertThrows(PickleException.class,
                () -> PickleDecoder.decode(pickle));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(why),
                e.getMessage());
    }

    @Test
    void refusesStructuresThatNestTooDeepShareTooMuchOrLoop() {
        assertRefused(ops("]".repeat(41) + "a".repeat(40) + "."), "nested deeper than 32");
        // each list holds the previous one twice: 2^40 values once written out
        StringBuilder bomb = new StringBuilder("]q\u0000");
        for (int i = 1; i <= 40; i++) {
            bomb.append("](h").append((char) (i - 1)).append('h').append((char) (i - 1))
                    .append("eq").append((char) i);
        }
        assertRefused(ops(bomb + "."), "expand");
        assertRefused(ops("]2a."), "inside itself");
        assertRefused(ops("]q\u0000]h\u0000ah\u0000K\u0001a."), "already inside another");
        assertRefused(ops("}]K\u0001s."), "plain value");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of("k", 1L),
                PickleDecoder.decode(ops("}X\u0001\u0000\u0000\u0000kK\u0001s.")));
    }

    @Test
    void aBadPointDescribesAContainerByItsSizeNotItsText() {
        // (name, ([[...]], 1)): the timestamp is a list
        byte[] pickle = ops("](X\u0001\u0000\u0000\u0000n]]a]]a\u0086K\u0001\u0086\u0086e.");
        java.util.List<String> bad = new java.util.ArrayList<>();
        points(pickle, bad);
        org.junit.jupiter.api.Assertions.assertEquals(1, bad.size(), bad.toString());
        org.junit.jupiter.api.Assertions.assertTrue(bad.get(0).contains("a list of"),
                bad.get(0));
    }

    @Test
    void refusesANonListPayload() {
        byte[] number = {'K', 5, '.'};
        assertThrows(PickleException.class,
                () -> PickleMetrics.extract(PickleDecoder.decode(number), null));
    }

    @Test
    void randomBytesEitherDecodeOrThrowOurException() throws IOException {
        Random random = new Random(42);
        byte[] good = resource("carbon-protocol2.pickle");
        FuzzInputs.Tally tally = new FuzzInputs.Tally();
        for (int n = 0; n < 20_000; n++) {
            byte[] input;
            if (n % 2 == 0) {
                input = new byte[random.nextInt(40)];
                random.nextBytes(input);
            } else {
                input = good.clone();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                Object value = PickleDecoder.decode(input);
                PickleMetrics.extract(value, new PickleMetrics.Visitor() {
                    @Override
                    public void point(String name, long timestamp, double v) {
                    }

                    @Override
                    public void badPoint(String why) {
                    }
                });
                tally.parsed();
            } catch (PickleException expected) {
                tally.refused(); // the only failure allowed
            }
        }
        tally.assertMixed(0.05);
    }

    @Test
    void readsTheIntervalSetsOfGraphiteWebsFindAsInertMapsWhenAsked() throws IOException {
        byte[] find = resource("graphite-web-find.pickle");
        assertThrows(PickleException.class, () -> PickleDecoder.decode(find));
        Object decoded = PickleDecoder.decode(find, Set.of("graphite.intervals.IntervalSet",
                "graphite.intervals.Interval"));
        Map<?, ?> node = (Map<?, ?>) ((List<?>) decoded).get(0);
        assertEquals("a.b.c", node.get("path"));
        assertEquals(true, node.get("is_leaf"));
        Map<?, ?> intervals = (Map<?, ?>) node.get("intervals");
        assertEquals("graphite.intervals.IntervalSet", intervals.get(PickleDecoder.CLASS_KEY));
        Map<?, ?> interval = (Map<?, ?>) ((List<?>) intervals.get("intervals")).get(0);
        assertEquals("graphite.intervals.Interval", interval.get(PickleDecoder.CLASS_KEY));
    }

    @Test
    void anAllowedClassIsStillNeverCalledWithArguments() {
        Set<String> allowed = Set.of("graphite.intervals.Interval");
        // protocol 2: GLOBAL graphite.intervals Interval, (1,) NEWOBJ
        byte[] withArguments = ("\u0080\u0002cgraphite.intervals\nInterval\nK\u0001\u0085"
                + "\u0081.").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThrows(PickleException.class, () -> PickleDecoder.decode(withArguments, allowed));
        // REDUCE stays refused even for an allowed class
        byte[] reduce = "\u0080\u0002cgraphite.intervals\nInterval\n)R."
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        PickleException e = assertThrows(PickleException.class,
                () -> PickleDecoder.decode(reduce, allowed));
        assertTrue(e.getMessage().contains("is not allowed"), e.getMessage());
        byte[] other = "\u0080\u0002cos\nsystem\n)\u0081.".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThrows(PickleException.class, () -> PickleDecoder.decode(other, allowed));
    }
}
