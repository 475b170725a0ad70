package org.dkumonitor.server.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One regex for "matches both", checked against both on many names. */
class RegexConjunctionTest {

    private static final List<String> NODES = List.of("carbon", "count", "min", "a", "b",
            "ab", "ba", "c", "x.", "cou", "nt");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "^carbon\\.|\\.count$|false",
        "^carbon\\.|.*|false",
        ".*|\\.min$|false",
        "^a\\.b|^a\\.|false",
        "^a\\.|^b\\.|false",
        "a$|ba$|false",
        "^a\\.b$|\\.b$|false",
        "^ab|b\\.|true",
        "^ab|bab$|false",
        "^a.*c|\\.min$|true",
        "count|^carbon|true"})
    void matchesExactlyTheNamesBothMatch(String a, String b, boolean approximate) {
        RegexConjunction both = RegexConjunction.of(a, b);
        assertEquals(approximate, both.approximate());
        Pattern x = Pattern.compile(a);
        Pattern y = Pattern.compile(b);
        Pattern z = both.never() ? null : Pattern.compile(both.regex());
        Random random = new Random(a.hashCode() * 31L + b.hashCode());
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            int nodes = 1 + random.nextInt(4);
            for (int n = 0; n < nodes; n++) {
                name.append(n > 0 ? "." : "").append(NODES.get(random.nextInt(NODES.size())));
            }
            String text = name.toString();
            boolean expected = x.matcher(text).find() && y.matcher(text).find();
            boolean actual = z != null && z.matcher(text).find();
            if (approximate) {
                assertTrue(!actual || expected, "never more than both: " + text);
            } else {
                assertEquals(expected, actual, a + " and " + b + " on " + text + " as "
                        + both.regex());
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"^a\\.|^b\\.", "a$|b$", "^a\\.b$|^c"})
    void pairsNoNameCanMatchAreLeftOut(String a, String b) {
        assertTrue(RegexConjunction.of(a, b).never());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|true", ".*|true", "^.*$|true", "^a|false",
        "a.*|false"})
    void knowsThePatternsThatMatchEverything(String regex, boolean everything) {
        assertEquals(everything, RegexConjunction.matchesEverything(regex));
        assertFalse(RegexConjunction.of(regex, "x").never());
    }
}
