package org.dkumonitor.server.render.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.server.pickle.PickleDecoder;
import org.dkumonitor.server.render.Series;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** render's pickle, as graphite-web's remote reader and Python's pickle read it. */
class PickleFormatTest {

    private static final List<Series> SERIES = List.of(
            new Series("a.b", 1_700_000_000L, 1_700_000_180L, 60,
                    new double[] {1.5, Double.NaN, -2e300}),
            new Series("é.long" + "x".repeat(400) + ";tag=v", -60, 5_000_000_000L, 3600,
                    new double[0]).withXFilesFactor(0.3).withConsolidation("max"));

    @Test
    void readsBackAsGraphiteWebsListOfDicts() {
        List<?> decoded = (List<?>) PickleDecoder.decode(PickleFormat.bytes(SERIES));
        Map<?, ?> first = (Map<?, ?>) decoded.get(0);
        assertEquals("a.b", first.get("name"));
        assertEquals(1_700_000_000L, first.get("start"));
        assertEquals(60L, first.get("step"));
        assertEquals(Arrays.asList(1.5, null, -2e300), first.get("values"));
        assertEquals("a.b", first.get("pathExpression"));
        Map<?, ?> second = (Map<?, ?>) decoded.get(1);
        assertEquals(5_000_000_000L, second.get("end"));
        assertEquals(-60L, second.get("start"));
        assertEquals(List.of(), second.get("values"));
        assertEquals("max", second.get("consolidationFunc"));
        assertEquals(0.3, second.get("xFilesFactor"));
    }

    @Test
    void pythonReadsTheSameValues(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no python3");
        Path file = dir.resolve("render.pickle");
        Files.write(file, PickleFormat.bytes(SERIES));
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", "import pickle,sys;"
                + "d=pickle.load(open(sys.argv[1],'rb'));"
                + "print([(s['name'][:8],s['start'],s['end'],s['step'],s['values'],"
                + "s['xFilesFactor']) for s in d])", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes()).strip();
        python.waitFor(30, TimeUnit.SECONDS);
        assertEquals("[('a.b', 1700000000, 1700000180, 60, [1.5, None, -2e+300], 0.0),"
                + " ('é.longxx', -60, 5000000000, 3600, [], 0.3)]", out);
    }
}
