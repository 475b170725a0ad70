package org.dkumonitor.server.clickhouse;

import java.util.List;
import org.dkumonitor.server.metrics.GlobPart;
import org.dkumonitor.server.metrics.GlobParser;

/**
 * Text that goes into ClickHouse SQL: every value from outside (metric names, patterns) only
 * as a quoted string literal with backslash escapes, so a quote, a backslash, a tab or a
 * newline in a name is data, never SQL; and Graphite's globs as re2 regexes for
 * {@code match()}.
 */
final class Sql {

    private Sql() {
    }

    /** A string literal: {@code 'it\'s'}. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        appendEscaped(text, out);
        return out.append('\'').toString();
    }

    static void appendEscaped(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** {@code ('a', 'b')} for an IN list. */
    static String list(List<String> values) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append('\'');
            appendEscaped(values.get(i), out);
            out.append('\'');
        }
        return out.append(')').toString();
    }

    /** A LIKE pattern for "starts with {@code prefix}": its % and _ taken literally. */
    static String startsWith(String prefix) {
        StringBuilder like = new StringBuilder();
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '%' || c == '_' || c == '\\') {
                like.append('\\');
            }
            like.append(c);
        }
        return literal(like.append('%').toString());
    }

    /** The characters of a glob before its first wildcard. */
    static String literalPrefix(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            if ("*?[{".indexOf(glob.charAt(i)) >= 0) {
                return glob.substring(0, i);
            }
        }
        return glob;
    }

    /**
     * A dotted Graphite glob as an re2 regex, unanchored: {@code *} any run of characters but
     * a dot, {@code ?} one, {@code [a-z]} and {@code [!a]} sets, {@code {a,b}} alternatives,
     * the rest literal; node by node, read by the parser NodeGlob matches with, so ClickHouse
     * finds what whisper's tree finds.
     */
    static String globRegex(String glob) {
        StringBuilder out = new StringBuilder();
        String[] nodes = glob.split("\\.", -1);
        for (int n = 0; n < nodes.length; n++) {
            if (n > 0) {
                out.append("\\.");
            }
            appendRegex(GlobParser.parse(nodes[n]), out);
        }
        return out.toString();
    }

    private static void appendRegex(List<GlobPart> parts, StringBuilder out) {
        for (GlobPart part : parts) {
            switch (part) {
                case GlobPart.AnyRun run -> out.append("[^.]*");
                case GlobPart.AnyOne one -> out.append("[^.]");
                case GlobPart.Literal literal -> literalChar(literal.codePoint(), out);
                case GlobPart.CharClass set -> {
                    out.append(set.negated() ? "[^." : "[");
                    for (GlobPart.Range range : set.ranges()) {
                        // a set never matches the dot between nodes: a range over it is split
                        boolean overDot = range.from() < '.' && range.to() > '.';
                        appendRange(range.from(), overDot ? '.' - 1 : range.to(), out);
                        if (overDot) {
                            appendRange('.' + 1, range.to(), out);
                        }
                    }
                    out.append(']');
                }
                case GlobPart.Alternatives alternatives -> {
                    out.append("(?:");
                    for (int c = 0; c < alternatives.choices().size(); c++) {
                        appendRegex(alternatives.choices().get(c), c > 0 ? out.append('|') : out);
                    }
                    out.append(')');
                }
            }
        }
    }

    private static void appendRange(int from, int to, StringBuilder out) {
        literalChar(from, out);
        if (to != from) {
            literalChar(to, out.append('-'));
        }
    }

    /**
     * A character matched as itself, alone or in a set: punctuation escaped; a control
     * character left raw (the SQL literal escapes it), since ClickHouse's regex pre-filter
     * misreads {@code \x09}.
     */
    private static void literalChar(int c, StringBuilder out) {
        if (c < 0x80 && c >= 0x20 && c != 0x7f && !Character.isLetterOrDigit(c) && c != '_') {
            out.append('\\');
        }
        out.appendCodePoint(c);
    }
}
