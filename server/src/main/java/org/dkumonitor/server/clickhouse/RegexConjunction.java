package org.dkumonitor.server.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One regex that matches where two others both match (each searched, not anchored, as carbon
 * reads storage-schemas.conf and as ClickHouse reads a graphite_rollup pattern). Needed because
 * ClickHouse 18.16 wants a retention and a function in every rollup pattern, so each schema
 * section must be paired with each aggregation section in one regex, and re2 has no lookahead
 * to say "and".
 *
 * <p>Exact for what those files hold in practice: a pattern that matches everything
 * ({@code .*}), a literal prefix ({@code ^carbon\.}), a literal suffix ({@code \.count$}), a
 * literal name ({@code ^a\.b$}); a prefix and a suffix give {@code ^(?:P.*S|...)$} with the
 * overlapping cases spelt out. Any other pair gives {@code A.*B|B.*A}, which misses only a name
 * where the two matches overlap: {@link #approximate} says so, and the schema command prints a
 * warning.
 */
final class RegexConjunction {

    /** The regex for "both", or null when no name can match both. */
    private final String regex;
    private final boolean approximate;

    private RegexConjunction(String regex, boolean approximate) {
        this.regex = regex;
        this.approximate = approximate;
    }

    String regex() {
        return regex;
    }

    boolean never() {
        return regex == null;
    }

    boolean approximate() {
        return approximate;
    }

    /** The shape of a pattern as far as pairing goes. */
    private record Shape(Kind kind, String literal) {
    }

    private enum Kind { ALL, PREFIX, SUFFIX, EXACT, OTHER }

    static boolean matchesEverything(String regex) {
        return shape(regex).kind() == Kind.ALL;
    }

    static RegexConjunction of(String a, String b) {
        Shape x = shape(a);
        Shape y = shape(b);
        if (x.kind() == Kind.ALL) {
            return new RegexConjunction(b, false);
        }
        if (y.kind() == Kind.ALL) {
            return new RegexConjunction(a, false);
        }
        if (x.kind() == Kind.EXACT || y.kind() == Kind.EXACT) {
            Shape exact = x.kind() == Kind.EXACT ? x : y;
            String other = exact == x ? b : a;
            boolean both = Pattern.compile(other).matcher(exact.literal()).find();
            return new RegexConjunction(both ? "^" + quote(exact.literal()) + "$" : null, false);
        }
        if (x.kind() == Kind.PREFIX && y.kind() == Kind.PREFIX) {
            return prefixes(x.literal(), y.literal());
        }
        if (x.kind() == Kind.SUFFIX && y.kind() == Kind.SUFFIX) {
            String p = x.literal();
            String q = y.literal();
            String longer = p.endsWith(q) ? p : q.endsWith(p) ? q : null;
            return new RegexConjunction(longer == null ? null : quote(longer) + "$", false);
        }
        if (x.kind() == Kind.PREFIX && y.kind() == Kind.SUFFIX) {
            return prefixAndSuffix(x.literal(), y.literal());
        }
        if (x.kind() == Kind.SUFFIX && y.kind() == Kind.PREFIX) {
            return prefixAndSuffix(y.literal(), x.literal());
        }
        return new RegexConjunction("(?:" + a + ").*(?:" + b + ")|(?:" + b + ").*(?:" + a
                + ")", true);
    }

    private static RegexConjunction prefixes(String p, String q) {
        String longer = p.startsWith(q) ? p : q.startsWith(p) ? q : null;
        return new RegexConjunction(longer == null ? null : "^" + quote(longer), false);
    }

    private static RegexConjunction prefixAndSuffix(String prefix, String suffix) {
        List<String> alternatives = new ArrayList<>();
        alternatives.add(quote(prefix) + ".*" + quote(suffix));
        // names shorter than prefix + suffix, where the end of one is the start of the other
        for (int k = 1; k <= Math.min(prefix.length(), suffix.length()); k++) {
            if (prefix.endsWith(suffix.substring(0, k))) {
                alternatives.add(quote(prefix + suffix.substring(k)));
            }
        }
        return new RegexConjunction("^(?:" + String.join("|", new java.util.LinkedHashSet<>(
                alternatives)) + ")$", false);
    }

    private static Shape shape(String regex) {
        String r = regex;
        switch (r) {
            case "", ".*", "^.*", ".*$", "^.*$", "(.*)", "^", ".?" -> {
                return new Shape(Kind.ALL, "");
            }
            default -> {
            }
        }
        boolean start = r.startsWith("^");
        boolean end = r.endsWith("$") && !r.endsWith("\\$");
        String body = r.substring(start ? 1 : 0, r.length() - (end ? 1 : 0));
        String literal = literal(body);
        if (literal == null || (!start && !end)) {
            return new Shape(Kind.OTHER, null);
        }
        if (start && end) {
            return new Shape(Kind.EXACT, literal);
        }
        return new Shape(start ? Kind.PREFIX : Kind.SUFFIX, literal);
    }

    /** The text a regex body matches when it is all literal characters, else null. */
    private static String literal(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 >= body.length()) {
                    return null;
                }
                char next = body.charAt(++i);
                if (Character.isLetterOrDigit(next)) {
                    return null; // \d, \w, \1 ...: a class or a reference
                }
                out.append(next);
            } else if (".^$*+?()[]{}|".indexOf(c) >= 0) {
                return null;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A literal as a regex both Java and re2 read the same way. */
    static String quote(String literal) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c < 0x80 && !Character.isLetterOrDigit(c) && c != '_' && c != '-' && c != ' ') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
