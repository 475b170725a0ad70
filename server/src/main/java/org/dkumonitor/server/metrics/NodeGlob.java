package org.dkumonitor.server.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * One node of a Graphite path pattern, as {@link GlobParser} reads it: {@code *} any run of
 * characters, {@code ?} one character, {@code [a-z]} and {@code [!a]} (or {@code [^a]})
 * character sets, {@code {a,b}} alternatives, nested. Wildcards never match a dot: patterns
 * are split on dots before this sees them. A node that is {@code **}
 * alone is a {@link #globstar}: what it means across nodes is the tree's business; as one node
 * it matches what {@code *} matches.
 *
 * <p>How: the glob is compiled to a Thompson automaton (graphite-web translates it to a Python
 * regex, and a backtracking regex engine takes exponential time on {@code *e*e*e*e*f} against a
 * long name: one such find pinned a core after its client had gone). Matching runs every state
 * at once over the name, so it costs at most states × characters, whatever the pattern. The
 * automaton is bounded to {@value #MAX_STATES} states; a larger pattern is refused.
 */
public final class NodeGlob {

    /** The most states a pattern may compile to: a few thousand characters of glob. */
    static final int MAX_STATES = 4096;

    private static final byte CHAR = 0;
    private static final byte ANY = 1;
    private static final byte SET = 2;
    private static final byte SPLIT = 3;
    private static final byte MATCH = 4;

    private final String literal;
    private final boolean star;
    private final Automaton automaton;
    private final boolean globstar;

    private NodeGlob(String literal, boolean star, Automaton automaton, boolean globstar) {
        this.literal = literal;
        this.star = star;
        this.automaton = automaton;
        this.globstar = globstar;
    }

    /** Compiles one node; throws {@link GlobTooComplexException} past the size bound. */
    public static NodeGlob compile(String node) {
        if (!hasWildcard(node)) {
            return new NodeGlob(node, false, null, false);
        }
        if (node.equals("*") || node.equals("**")) {
            return new NodeGlob(null, true, null, node.equals("**"));
        }
        Automaton automaton = new Automaton(node);
        automaton.start = automaton.sequence(GlobParser.parse(node),
                automaton.add(MATCH, 0, null));
        return new NodeGlob(null, false, automaton, false);
    }

    /** Whether the node is {@code **}, graphite-web's "any number of nodes". */
    public boolean globstar() {
        return globstar;
    }

    public static boolean hasWildcard(String text) {
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case '*', '?', '[', '{' -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }

    /** The node itself when it has no wildcard, else null. */
    public String literal() {
        return literal;
    }

    public boolean matches(String name) {
        if (literal != null) {
            return literal.equals(name);
        }
        // a lone star, the commonest glob, needs no automaton: any name without a dot
        return star ? name.indexOf('.') < 0 : automaton.matches(name);
    }

    /**
     * The states: each {@link #CHAR} (one code point), {@link #ANY} (any but a dot),
     * {@link #SET} (code point ranges, maybe negated) or {@link #SPLIT} (several next states)
     * leads to {@code next}; {@link #MATCH} accepts.
     */
    private static final class Automaton {
        private final String glob;
        private byte[] kinds = new byte[16];
        private int[] codes = new int[16];
        private int[] next = new int[16];
        private Object[] extra = new Object[16];
        private int size;
        int start;

        Automaton(String glob) {
            this.glob = glob;
        }

        int add(byte kind, int code, Object more) {
            if (size == MAX_STATES) {
                throw new GlobTooComplexException("pattern '" + GlobParser.shortened(glob)
                        + "' is too complex: it needs more than " + MAX_STATES
                        + " states to match");
            }
            if (size == kinds.length) {
                kinds = Arrays.copyOf(kinds, size * 2);
                codes = Arrays.copyOf(codes, size * 2);
                next = Arrays.copyOf(next, size * 2);
                extra = Arrays.copyOf(extra, size * 2);
            }
            kinds[size] = kind;
            codes[size] = code;
            extra[size] = more;
            return size++;
        }

        /** Compiles {@code parts} to states that go on to {@code then}; returns its start. */
        int sequence(List<GlobPart> parts, int then) {
            int state = then;
            for (int e = parts.size() - 1; e >= 0; e--) {
                state = element(parts.get(e), state);
            }
            return state;
        }

        private int element(GlobPart part, int then) {
            return switch (part) {
                case GlobPart.AnyRun run -> {
                    int loop = add(SPLIT, 0, null);
                    int any = add(ANY, 0, null);
                    next[any] = loop;
                    extra[loop] = new int[] {any, then};
                    yield loop;
                }
                case GlobPart.AnyOne one -> link(add(ANY, 0, null), then);
                case GlobPart.CharClass set -> link(add(SET, 0, CharSet.of(set)), then);
                case GlobPart.Alternatives alternatives -> {
                    int[] starts = new int[alternatives.choices().size()];
                    for (int c = 0; c < starts.length; c++) {
                        starts[c] = sequence(alternatives.choices().get(c), then);
                    }
                    yield add(SPLIT, 0, starts);
                }
                case GlobPart.Literal literal -> link(add(CHAR, literal.codePoint(), null), then);
            };
        }

        private int link(int state, int then) {
            next[state] = then;
            return state;
        }

        boolean matches(String name) {
            int[] current = new int[size];
            int[] following = new int[size];
            int[] seen = new int[size];
            int generation = 1;
            int count = close(start, current, 0, seen, generation);
            for (int i = 0; i < name.length() && count > 0; ) {
                int code = name.codePointAt(i);
                i += Character.charCount(code);
                generation++;
                int nextCount = 0;
                for (int k = 0; k < count; k++) {
                    int state = current[k];
                    if (accepts(state, code)) {
                        nextCount = close(next[state], following, nextCount, seen, generation);
                    }
                }
                int[] swap = current;
                current = following;
                following = swap;
                count = nextCount;
            }
            for (int k = 0; k < count; k++) {
                if (kinds[current[k]] == MATCH) {
                    return true;
                }
            }
            return false;
        }

        /** Adds {@code state} and every state a split leads to, once per generation. */
        private int close(int state, int[] into, int count, int[] seen, int generation) {
            if (seen[state] == generation) {
                return count;
            }
            seen[state] = generation;
            if (kinds[state] != SPLIT) {
                into[count] = state;
                return count + 1;
            }
            for (int target : (int[]) extra[state]) {
                count = close(target, into, count, seen, generation);
            }
            return count;
        }

        private boolean accepts(int state, int code) {
            return switch (kinds[state]) {
                case CHAR -> codes[state] == code;
                case ANY -> code != '.';
                case SET -> ((CharSet) extra[state]).contains(code);
                default -> false;
            };
        }
    }

    /** A bracket set: ranges of code points; a negated one never holds a dot. */
    private record CharSet(int[] ranges, boolean negated) {

        static CharSet of(GlobPart.CharClass set) {
            int[] ranges = new int[set.ranges().size() * 2];
            for (int r = 0; r < set.ranges().size(); r++) {
                ranges[2 * r] = set.ranges().get(r).from();
                ranges[2 * r + 1] = set.ranges().get(r).to();
            }
            return new CharSet(ranges, set.negated());
        }

        boolean contains(int code) {
            boolean inside = false;
            for (int r = 0; r < ranges.length; r += 2) {
                if (code >= ranges[r] && code <= ranges[r + 1]) {
                    inside = true;
                    break;
                }
            }
            return negated ? !inside && code != '.' : inside;
        }
    }
}
