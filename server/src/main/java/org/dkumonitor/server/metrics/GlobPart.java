package org.dkumonitor.server.metrics;

import java.util.List;

/**
 * One piece of a glob node as {@link GlobParser} reads it. The matcher ({@link NodeGlob}) and
 * the translation to a ClickHouse regex both work from these, so they cannot read a glob two
 * ways.
 */
public sealed interface GlobPart {

    /** One code point matched as itself (also an unmatched bracket or brace). */
    record Literal(int codePoint) implements GlobPart {
    }

    /** {@code ?}: any one code point but a dot. */
    record AnyOne() implements GlobPart {
    }

    /** {@code *}: any run of code points without a dot, the empty one too. */
    record AnyRun() implements GlobPart {
    }

    /**
     * {@code [a-z_]}: one code point in one of {@code ranges} (a member alone is a range of
     * one); {@code [!a]} or {@code [^a]} is {@code negated}: one code point in none of them,
     * and never a dot.
     */
    record CharClass(List<Range> ranges, boolean negated) implements GlobPart {

        public CharClass {
            ranges = List.copyOf(ranges);
        }
    }

    /** The code points {@code from} to {@code to}, both included (none when reversed). */
    record Range(int from, int to) {
    }

    /** {@code {a,b{c,d}}}: any one of the choices, each a sequence of parts. */
    record Alternatives(List<List<GlobPart>> choices) implements GlobPart {

        public Alternatives {
            choices = List.copyOf(choices);
        }
    }
}
