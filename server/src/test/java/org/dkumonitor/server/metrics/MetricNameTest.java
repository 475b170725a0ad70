package org.dkumonitor.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetricNameTest {

    private static final Path ROOT = Path.of("/data/storage/whisper");

    @Test
    void mapsDotsToDirectoriesAsCarbon() {
        assertEquals(ROOT.resolve("a/b/c.wsp"), MetricName.whisperFile(ROOT, "a.b.c"));
        assertEquals(ROOT.resolve("x.wsp"), MetricName.whisperFile(ROOT, "x"));
        assertEquals(ROOT.resolve("h-1/cpu_0/u:v@w.wsp"),
                MetricName.whisperFile(ROOT, "h-1.cpu_0.u:v@w"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "a..b", ".a", "a.", "../../etc/passwd", "a/b", "a\\b",
        "a\u0000b", "a\nb", "a\tb", "a b", "a\u007fb", "a\rb", "a.\u0001", ".", "a.b.",
        "\u2028x"})
    void refusesNamesThatWouldEscapeOrMakeOddFiles(String name) {
        assertThrows(InvalidMetricNameException.class, () -> MetricName.validate(name));
        assertThrows(InvalidMetricNameException.class, () -> MetricName.whisperFile(ROOT, name));
    }

    @Test
    void noNameItAcceptsLeavesTheStorageDirectory() {
        char[] alphabet = {'.', '.', '.', '/', '\\', 'a', 'b', ' ', '\u0000', '~', '-', '*', ':'};
        Random random = new Random(21);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            char[] name = new char[1 + random.nextInt(12)];
            for (int k = 0; k < name.length; k++) {
                name[k] = alphabet[random.nextInt(alphabet.length)];
            }
            Path file;
            try {
                file = MetricName.whisperFile(ROOT, new String(name));
            } catch (InvalidMetricNameException refused) {
                continue;
            }
            accepted++;
            assertEquals(file, file.normalize(), new String(name));
            assertTrue(file.startsWith(ROOT) && !file.equals(ROOT), new String(name));
            assertEquals(ROOT.relativize(file).getNameCount(),
                    new String(name).split("\\.", -1).length, new String(name));
        }
        assertTrue(accepted > 10_000, "too few names accepted to tell: " + accepted);
    }

    @Test
    void refusesOverLongNodesAndPaths() {
        String node = "n".repeat(MetricName.MAX_NODE_BYTES);
        MetricName.validate(node);
        assertThrows(InvalidMetricNameException.class, () -> MetricName.validate(node + "n"));
        String path = ("a".repeat(200) + ".").repeat(21);
        assertThrows(InvalidMetricNameException.class,
                () -> MetricName.validate(path.substring(0, path.length() - 1)));
        // multi-byte characters count in bytes, not chars
        assertThrows(InvalidMetricNameException.class,
                () -> MetricName.validate("\u00e9".repeat(130)));
    }

    @Test
    void saysWhyAndWhere() {
        InvalidMetricNameException e = assertThrows(InvalidMetricNameException.class,
                () -> MetricName.validate("a..b"));
        assertTrue(e.getMessage().contains("empty node at column 3"), e.getMessage());
        assertEquals("empty node", e.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "some.metric;tag2=value.2;tag1=value2|some.metric;tag1=value2;tag2=value.2",
        "x;a=1;a=2|x;a=2",
        // as Debian's graphite-carbon 1.1 orders them (TaggedSeries.parse(...).path)
        "x;dc=a;dc2=b|x;dc2=b;dc=a",
        "x;host=a;host-b=c;ho=z|x;ho=z;host-b=c;host=a",
        "x;a.b=1;a=2|x;a.b=1;a=2",
        "~~x;t=v|x;t=v",
        "a.b|a.b",
    })
    void normalisesTaggedNamesAsCarbon(String received, String stored) {
        assertEquals(stored, MetricName.normalize(received));
    }

    @Test
    void storesTaggedSeriesWhereCarbonDoes() {
        // measured with carbon's own code (spec §2.3)
        assertEquals(ROOT.resolve("_tagged/eff/aae/"
                + "effaae5b55950b150a7493d2f5430772ca2460bf7cccb4d9e523643df54c010f.wsp"),
                MetricName.whisperFile(ROOT, "some.metric;tag2=value.2;tag1=value2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x;", "x;=v", "x;k", "x;k=", "x;k=~v", "x;k!=v", "x;k=a b",
        "x;k=v\u0000", ";k=v", "a..b;k=v", "x;k=v;"})
    void refusesBadTags(String name) {
        assertThrows(InvalidMetricNameException.class, () -> MetricName.normalize(name));
    }
}
