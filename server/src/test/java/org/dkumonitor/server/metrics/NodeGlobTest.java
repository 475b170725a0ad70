package org.dkumonitor.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** The regex graphite-web would build, as this class compiled globs before. */
    private static Pattern oracle(String glob) {
        StringBuilder out = new StringBuilder();
        translate(glob, 0, glob.length(), out);
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

    private static void translate(String glob, int from, int to, StringBuilder out) {
        int i = from;
        while (i < to) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    out.append("[^.]*");
                    i++;
                }
                case '?' -> {
                    out.append("[^.]");
                    i++;
                }
                case '[' -> {
                    int close = classEnd(glob, i, to);
                    if (close < 0) {
                        out.append(Pattern.quote("["));
                        i++;
                    } else {
                        appendClass(glob.substring(i + 1, close), out);
                        i = close + 1;
                    }
                }
                case '{' -> {
                    int close = braceEnd(glob, i, to);
                    if (close < 0) {
                        out.append(Pattern.quote("{"));
                        i++;
                    } else {
                        out.append("(?:");
                        int start = i + 1;
                        int depth = 0;
                        for (int j = i + 1; j < close; j++) {
                            char d = glob.charAt(j);
                            if (d == '{') {
                                depth++;
                            } else if (d == '}') {
                                depth--;
                            } else if (d == ',' && depth == 0) {
                                translate(glob, start, j, out);
                                out.append('|');
                                start = j + 1;
                            }
                        }
                        translate(glob, start, close, out);
                        out.append(')');
                        i = close + 1;
                    }
                }
                default -> {
                    out.append(Pattern.quote(String.valueOf(c)));
                    i++;
                }
            }
        }
    }

    private static int classEnd(String glob, int open, int to) {
        int j = open + 1;
        if (j < to && (glob.charAt(j) == '!' || glob.charAt(j) == '^')) {
            j++;
        }
        if (j < to && glob.charAt(j) == ']') {
            j++;
        }
        for (; j < to; j++) {
            if (glob.charAt(j) == ']') {
                return j;
            }
        }
        return -1;
    }

    private static void appendClass(String body, StringBuilder out) {
        boolean negated = !body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^');
        String members = negated ? body.substring(1) : body;
        out.append(negated ? "[^." : "[");
        for (int k = 0; k < members.length(); k++) {
            char m = members.charAt(k);
            boolean range = m == '-' && k > 0 && k < members.length() - 1;
            if (range) {
                out.append('-');
            } else if (Character.isLetterOrDigit(m)) {
                out.append(m);
            } else {
                out.append('\\').append(m);
            }
        }
        out.append(']');
    }

    private static int braceEnd(String glob, int open, int to) {
        int depth = 0;
        for (int j = open; j < to; j++) {
            char c = glob.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return j;
                }
            }
        }
        return -1;
    }
}
