package org.dkumonitor.server.metrics;

import java.util.regex.Pattern;

/**
 * One node of a Graphite path pattern compiled to a regex: {@code *} any run of characters,
 * {@code ?} one character, {@code [a-z]} and {@code [!a]} (or {@code [^a]}) character sets,
 * {@code {a,b}} alternatives, nested. Wildcards never match a dot: patterns are split on dots
 * before this sees them. An unmatched brace or bracket is taken literally. A node that is
 * {@code **} alone is a {@link #globstar}: what it means across nodes is the tree's business;
 * as one node it matches what {@code *} matches.
 */
public final class NodeGlob {

    private final Pattern regex;
    private final String literal;
    private final boolean star;
    private final boolean globstar;

    private NodeGlob(Pattern regex, String literal, boolean globstar) {
        this.regex = regex;
        this.literal = literal;
        this.star = regex != null && regex.pattern().equals("[^.]*");
        this.globstar = globstar;
    }

    public static NodeGlob compile(String node) {
        if (!hasWildcard(node)) {
            return new NodeGlob(null, node, false);
        }
        StringBuilder out = new StringBuilder();
        translate(node, 0, node.length(), out);
        return new NodeGlob(Pattern.compile(out.toString(), Pattern.DOTALL), null,
                node.equals("**"));
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
        // a lone star, the commonest glob, needs no regex: any name without a dot
        return star ? name.indexOf('.') < 0 : regex.matcher(name).matches();
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
