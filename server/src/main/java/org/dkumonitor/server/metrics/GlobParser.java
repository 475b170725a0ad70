package org.dkumonitor.server.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one node of a Graphite path pattern (no dots: patterns are split on them first) into
 * {@link GlobPart}s: {@code *}, {@code ?}, {@code [a-z]} and {@code [!a]} (or {@code [^a]})
 * sets, {@code {a,b}} alternatives, nested; everything else, an unmatched bracket or brace too,
 * is a literal code point. In a set, a {@code ]} right after the opening (or its {@code !})
 * is a member, and a dash between two members makes a range, as in a regex class. Braces nest
 * at most {@value #MAX_NESTING} deep; a deeper pattern is refused.
 */
public final class GlobParser {

    /** The deepest braces may nest. */
    static final int MAX_NESTING = 32;

    private static final GlobPart ANY_ONE = new GlobPart.AnyOne();
    private static final GlobPart ANY_RUN = new GlobPart.AnyRun();

    private GlobParser() {
    }

    /** The parts of {@code node}; throws {@link GlobTooComplexException} past the nesting. */
    public static List<GlobPart> parse(String node) {
        return sequence(node, 0, node.length(), 0);
    }

    private static List<GlobPart> sequence(String glob, int from, int to, int depth) {
        if (depth > MAX_NESTING) {
            throw new GlobTooComplexException("pattern '" + shortened(glob) + "' nests braces"
                    + " more than " + MAX_NESTING + " deep");
        }
        List<GlobPart> parts = new ArrayList<>();
        int i = from;
        while (i < to) {
            char c = glob.charAt(i);
            int close = c == '[' ? classEnd(glob, i, to) : c == '{' ? braceEnd(glob, i, to) : -1;
            if (c == '*' || c == '?') {
                parts.add(c == '*' ? ANY_RUN : ANY_ONE);
                i++;
            } else if (close > 0 && c == '[') {
                parts.add(charClass(glob.substring(i + 1, close)));
                i = close + 1;
            } else if (close > 0) {
                parts.add(alternatives(glob, i + 1, close, depth));
                i = close + 1;
            } else {
                int code = glob.codePointAt(i);
                parts.add(new GlobPart.Literal(code));
                i += Character.charCount(code);
            }
        }
        return parts;
    }

    /** The choices between {@code from} and {@code to}: split at the commas of this level. */
    private static GlobPart alternatives(String glob, int from, int to, int depth) {
        List<List<GlobPart>> choices = new ArrayList<>();
        int start = from;
        int open = 0;
        for (int j = from; j < to; j++) {
            char d = glob.charAt(j);
            if (d == '{') {
                open++;
            } else if (d == '}') {
                open--;
            } else if (d == ',' && open == 0) {
                choices.add(sequence(glob, start, j, depth + 1));
                start = j + 1;
            }
        }
        choices.add(sequence(glob, start, to, depth + 1));
        return new GlobPart.Alternatives(choices);
    }

    private static GlobPart charClass(String body) {
        boolean negated = !body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^');
        int[] members = (negated ? body.substring(1) : body).codePoints().toArray();
        List<GlobPart.Range> ranges = new ArrayList<>();
        for (int k = 0; k < members.length; k++) {
            if (k + 2 < members.length && members[k + 1] == '-') {
                ranges.add(new GlobPart.Range(members[k], members[k + 2]));
                k += 2;
            } else {
                ranges.add(new GlobPart.Range(members[k], members[k]));
            }
        }
        return new GlobPart.CharClass(ranges, negated);
    }

    /** The {@code ]} that closes the set opened at {@code open}, or -1. */
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

    /** The {@code }} that closes the brace opened at {@code open}, or -1. */
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

    static String shortened(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
