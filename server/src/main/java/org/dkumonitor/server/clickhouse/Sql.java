package org.dkumonitor.server.clickhouse;

import java.util.List;

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

    /** {@code ['a', 'b']}, an array literal. */
    static String array(List<String> values) {
        String list = list(values);
        return "[" + list.substring(1, list.length() - 1) + "]";
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
     * the rest literal; node by node, as our NodeGlob reads it (an unmatched bracket or brace
     * is literal).
     */
    static String globRegex(String glob) {
        StringBuilder out = new StringBuilder();
        String[] nodes = glob.split("\\.", -1);
        for (int n = 0; n < nodes.length; n++) {
            if (n > 0) {
                out.append("\\.");
            }
            translate(nodes[n], 0, nodes[n].length(), out);
        }
        return out.toString();
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
                        out.append("\\[");
                        i++;
                    } else {
                        appendClass(glob.substring(i + 1, close), out);
                        i = close + 1;
                    }
                }
                case '{' -> {
                    int close = braceEnd(glob, i, to);
                    if (close < 0) {
                        out.append("\\{");
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
                    literalChar(c, out);
                    i++;
                }
            }
        }
    }

    /**
     * A character matched as itself: punctuation escaped; a control character left raw (the
     * SQL literal escapes it), since ClickHouse's regex pre-filter misreads {@code \x09}.
     */
    private static void literalChar(char c, StringBuilder out) {
        if (c < 0x80 && c >= 0x20 && c != 0x7f && !Character.isLetterOrDigit(c) && c != '_') {
            out.append('\\');
        }
        out.append(c);
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
            } else if (Character.isLetterOrDigit(m) || m >= 0x80 || m < 0x20 || m == 0x7f) {
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
