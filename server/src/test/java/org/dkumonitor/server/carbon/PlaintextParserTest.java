package org.dkumonitor.server.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.dkumonitor.server.FuzzInputs;
import org.dkumonitor.core.carbon.CarbonLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlaintextParserTest {

    private static final long NOW = 1_700_000_040L;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a.b 1 1700000000|1.0|1700000000",
        "a.b   -0.25\t1700000000\r|-0.25|1700000000",
        "  a.b 1e3 1700000000.9  |1000.0|1700000000",
        "a.b 1_000 1700000000|1000.0|1700000000",
        "a.b inf 1700000000|Infinity|1700000000",
        "a.b -Infinity 1700000000|-Infinity|1700000000",
        "a.b +5 -1|5.0|1700000040",
        "a.b .5 1700000000|0.5|1700000000",
        "a.b 5. 1700000000|5.0|1700000000",
        "a.b 0.1 1700000000|0.1|1700000000",
        "a.b 123456789012345678 1700000000|1.2345678901234568E17|1700000000",
        "a.b 3.14159265358979323846 1700000000|3.141592653589793|1700000000",
        "a.b 1e-7 4294967295|1.0E-7|4294967295",
    })
    void readsWhatCarbonReads(String line, double value, long timestamp) {
        CarbonLine parsed = PlaintextParser.parse(line, NOW);
        assertEquals("a.b", parsed.path());
        assertEquals(value, parsed.value());
        assertEquals(timestamp, parsed.timestamp());
    }

    @Test
    void keepsNanForTheReceiverToDrop() {
        assertTrue(Double.isNaN(PlaintextParser.parse("a nan 1700000000", NOW).value()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a.b 1", "a.b 1 2 3", "a.b x 1700000000",
        "a.b 1 x", "a.b 0x10 1700000000", "a.b 1d 1700000000", "a.b 1 0", "a.b 1 -2",
        "a.b 1 4294967296", "a.b 1 nan", "a.b 1 inf", "a.b 1__0 1700000000", "a.b _1 1",
        "a.b 1e 1700000000", "a.b - 1700000000", "a.b . 1700000000", "a.b 1.2.3 1700000000"})
    void refusesWhatIsNotAPoint(String line) {
        assertThrows(BadLineException.class, () -> PlaintextParser.parse(line, NOW));
    }

    @Test
    void fastDecimalsEqualJavasCorrectlyRoundedParse() {
        Random random = new Random(3);
        for (int n = 0; n < 100_000; n++) {
            long mantissa = random.nextLong(1_000_000_000_000_000L);
            int scale = random.nextInt(16);
            String text = Long.toString(mantissa);
            if (scale > 0 && scale < text.length()) {
                text = text.substring(0, text.length() - scale) + "."
                        + text.substring(text.length() - scale);
            }
            if (random.nextBoolean()) {
                text = "-" + text;
            }
            assertEquals(Double.parseDouble(text),
                    PlaintextParser.parse("m " + text + " 1700000000", NOW).value(), text);
        }
    }

    @Test
    void randomInputEitherParsesOrThrowsBadLine() {
        Random random = new Random(11);
        byte[] alphabet = " \t\r.-+e0123456789abcnfiINFx_;=\u0000\u00ff".getBytes(
                StandardCharsets.ISO_8859_1);
        List<byte[]> samples = List.of("servers.web01.cpu.load 1.5 1700000000",
                "a;tag=x -2e3 1700000040", "m nan -1", "x.y 12 1700000000.5").stream()
                .map(line -> line.getBytes(StandardCharsets.ISO_8859_1)).toList();
        FuzzInputs.Tally tally = new FuzzInputs.Tally();
        for (int n = 0; n < 100_000; n++) {
            byte[] line;
            if (n % 2 == 0) {
                line = FuzzInputs.mutate(samples.get(random.nextInt(samples.size())), random,
                        alphabet);
            } else {
                line = new byte[random.nextInt(30)];
                for (int i = 0; i < line.length; i++) {
                    line[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256)
                            : alphabet[random.nextInt(alphabet.length)];
                }
            }
            try {
                CarbonLine parsed = PlaintextParser.parse(line, 0, line.length, NOW);
                assertTrue(parsed.timestamp() >= 1 && parsed.timestamp() <= 0xFFFF_FFFFL);
                tally.parsed();
            } catch (BadLineException expected) {
                tally.refused(); // the only failure allowed
            }
        }
        tally.assertMixed(0.05);
    }
}
