package org.dkumonitor.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class NodeGlobTest {

    @Test
    void matchesGraphiteGlobs() {
        assertTrue(NodeGlob.compile("cpu-*").matches("cpu-0"));
        assertFalse(NodeGlob.compile("cpu-*").matches("memory"));
        assertTrue(NodeGlob.compile("c?u").matches("cpu"));
        assertTrue(NodeGlob.compile("[a-c]x").matches("bx"));
        assertFalse(NodeGlob.compile("[!a-c]x").matches("bx"));
        assertTrue(NodeGlob.compile("[^a-c]x").matches("dx"));
        assertTrue(NodeGlob.compile("{web,db}{1,2}").matches("db2"));
        assertTrue(NodeGlob.compile("{a{b,c},d}").matches("ac"));
        assertFalse(NodeGlob.compile("{a{b,c},d}").matches("ad"));
        assertTrue(NodeGlob.compile("{,x}y").matches("y"));
        assertTrue(NodeGlob.compile("a[b").matches("a[b"), "an unmatched bracket is literal");
        assertTrue(NodeGlob.compile("a{b").matches("a{b"), "an unmatched brace is literal");
        assertTrue(NodeGlob.compile("?").matches("\uD83D\uDE00"), "? is one code point");
        assertFalse(NodeGlob.compile("a*").matches("a.b"), "a wildcard never matches a dot");
        assertFalse(NodeGlob.compile("[!x]").matches("."));
    }

    /**
     * The regex graphite-web would build for the parsed glob, as this class compiled globs
     * before: the automaton must match what a regex matches.
     */
    private static Pattern oracle(String glob) {
        StringBuilder out = new StringBuilder();
        regex(GlobParser.parse(glob), out);
        return Pattern.compile(out.toString(), Pattern.DOTALL);
    }

    @Test
    void agreesWithTheRegexTranslationOnRandomPatternsAndNames() {
        Random random = new Random(15);
        String alphabet = "ab*?[]{},!-";
        int compared = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder glob = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                glob.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Pattern regex;
            try {
                regex = oracle(glob.toString());
            } catch (PatternSyntaxException e) {
                continue; // e.g. a reversed range: the regex refused it, the automaton does not
            }
            NodeGlob compiled = NodeGlob.compile(glob.toString());
            for (int k = 0; k < 8; k++) {
                StringBuilder name = new StringBuilder();
                int nameLength = random.nextInt(6);
                for (int i = 0; i < nameLength; i++) {
                    name.append("ab-,!{}"
                            .charAt(random.nextInt(7)));
                }
                assertEquals(regex.matcher(name).matches(), compiled.matches(name.toString()),
                        "glob " + glob + " name " + name);
                compared++;
            }
        }
        assertTrue(compared > 100_000, "compared " + compared);
    }

    @Test
    void aPatternThatBacktracksExponentiallyInARegexMatchesInLinearTime() {
        NodeGlob glob = NodeGlob.compile("*e*e*e*e*e*e*e*e*e*e*e*e*e*e*f");
        String name = "e".repeat(251);
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertFalse(glob.matches(name));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 5_000, "1000 matches took " + millis + " ms");
    }

    @Test
    void refusesPatternsPastTheSizeAndNestingBounds() {
        assertThrows(GlobTooComplexException.class,
                () -> NodeGlob.compile("{" + "a,".repeat(NodeGlob.MAX_STATES) + "a}"));
        assertThrows(GlobTooComplexException.class,
                () -> NodeGlob.compile("{".repeat(10_000) + "}".repeat(10_000)));
    }

    /** A Java regex for the parts, each rendered the obvious way. */
    private static void regex(List<GlobPart> parts, StringBuilder out) {
        for (GlobPart part : parts) {
            switch (part) {
                case GlobPart.AnyRun run -> out.append("[^.]*");
                case GlobPart.AnyOne one -> out.append("[^.]");
                case GlobPart.Literal literal -> out.append(Pattern.quote(Character.toString(
                        literal.codePoint())));
                case GlobPart.CharClass set -> {
                    out.append(set.negated() ? "[^." : "[");
                    set.ranges().forEach(r -> out.append("\\x{").append(Integer.toHexString(
                            r.from())).append("}-\\x{").append(Integer.toHexString(r.to()))
                            .append('}'));
                    out.append(']');
                }
                case GlobPart.Alternatives alternatives -> {
                    out.append("(?:");
                    for (List<GlobPart> choice : alternatives.choices()) {
                        regex(choice, out);
                        out.append('|');
                    }
                    out.setCharAt(out.length() - 1, ')');
                }
            }
        }
    }
}
