package org.dkumonitor.server.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.dkumonitor.server.metrics.NodeGlob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values only ever as escaped literals; globs as regexes that match what NodeGlob matches. */
class SqlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "it's|'it\\'s'",
        "a\\b|'a\\\\b'",
        "x'); DROP TABLE t; --|'x\\'); DROP TABLE t; --'"})
    void quotesAndBackslashesAreEscaped(String value, String literal) {
        assertEquals(literal, Sql.literal(value));
    }

    @Test
    void controlCharactersAreEscapesAndLikeWildcardsAreLiteral() {
        assertEquals("'a\\tb\\nc\\0d\\x01'", Sql.literal("a\tb\nc\0d\u0001"));
        assertEquals("'a\\\\_b\\\\%c\\\\\\\\%'", Sql.startsWith("a_b%c\\"));
        assertEquals("('a', 'b\\'c')", Sql.list(List.of("a", "b'c")));
    }

    @Test
    void aGlobsRegexIsReadAsNodeGlobReadsIt() {
        assertEquals("[^.]*\\.(?:a|b\\-c)\\.[^.\\!]\\.[a-b\\-d]",
                Sql.globRegex("*.{a,b-c}.[!!].[a-b-d]"));
        assertEquals("[\uD83D\uDE00-\uD83D\uDE02]",
                Sql.globRegex("[\uD83D\uDE00-\uD83D\uDE02]"), "a set of code points");
        assertEquals("[\\+-\\-\\/-1]", Sql.globRegex("[+-1]"), "a set never matches a dot");
    }

    @Test
    void aGlobsRegexMatchesWhatNodeGlobMatches() {
        List<String> globs = List.of("a*", "*.b?", "{a,bc}.x*", "[a-c]*.[!b]", "a\\*.*",
                "it's.*", "x[.y", "{a.b,c}", "?", "a{b,{c,d}}e", "*{x,}*", "[]a].*", "[^a]",
                "[a-b-d]", "[\t-a]*");
        String alphabet = "abcdexy.'\\*{[]\t-";
        Random random = new Random(20);
        for (String glob : globs) {
            Pattern regex = Pattern.compile("^" + Sql.globRegex(glob) + "$");
            String[] parts = glob.split("\\.", -1);
            for (int i = 0; i < 3000; i++) {
                StringBuilder name = new StringBuilder();
                int length = 1 + random.nextInt(7);
                for (int c = 0; c < length; c++) {
                    name.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String text = name.toString();
                String[] nodes = text.split("\\.", -1);
                boolean expected = nodes.length == parts.length;
                for (int n = 0; expected && n < nodes.length; n++) {
                    expected = NodeGlob.compile(parts[n]).matches(nodes[n]);
                }
                assertEquals(expected, regex.matcher(text).matches(), glob + " on " + text
                        + " as " + regex);
            }
        }
    }
}
