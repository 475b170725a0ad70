package org.dkumonitor.server.python;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python's {@code re} as graphite-web uses it (aliasSub, grep, exclude…), on java.util.regex:
 * named groups {@code (?P<n>…)} and {@code (?P=n)} are translated, {@code re.sub} replacement
 * templates ({@code \1}, {@code \g<1>}, {@code \g<name>}, {@code \n}) are expanded by hand
 * rather than by Java's {@code $} syntax, and matching runs against a clock: a regex that
 * backtracks catastrophically is stopped after {@link #BUDGET_NANOS} instead of pinning a core.
 */
public final class PyRegex {

    static final long BUDGET_NANOS = 200_000_000L;

    private final Pattern pattern;
    private final String source;

    private PyRegex(Pattern pattern, String source) {
        this.pattern = pattern;
        this.source = source;
    }

    public static PyRegex compile(String python) {
        String java = python.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>")
                .replace("\\Z", "\\z");
        try {
            return new PyRegex(Pattern.compile(java), python);
        } catch (PatternSyntaxException e) {
            throw new PyRegexException("invalid regular expression '" + python + "': "
                    + e.getDescription());
        }
    }

    /** Python's {@code re.search(pattern, text) is not None}. */
    public boolean search(String text) {
        return pattern.matcher(new Deadline(text, source)).find();
    }

    /** Python's {@code re.sub(pattern, replacement, text)}. */
    public String sub(String replacement, String text) {
        Matcher matcher = pattern.matcher(new Deadline(text, source));
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            out.append(text, last, matcher.start());
            expand(replacement, matcher, out);
            last = matcher.end();
        }
        out.append(text, Math.min(last, text.length()), text.length());
        return out.toString();
    }

    /** A match object: Python's {@code m.group(n)} / {@code m.groups()}. */
    public Matcher matcher(String text) {
        return pattern.matcher(new Deadline(text, source));
    }

    private void expand(String template, Matcher match, StringBuilder out) {
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '\\' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (Character.isDigit(next)) {
                int end = i + 2;
                if (end < template.length() && Character.isDigit(template.charAt(end))) {
                    end++;
                }
                appendGroup(match, Integer.parseInt(template.substring(i + 1, end)), out);
                i = end;
            } else if (next == 'g' && i + 2 < template.length() && template.charAt(i + 2) == '<') {
                int close = template.indexOf('>', i + 3);
                if (close < 0) {
                    throw new PyRegexException("missing '>' in group reference of '"
                            + template + "'");
                }
                String ref = template.substring(i + 3, close);
                if (ref.chars().allMatch(Character::isDigit) && !ref.isEmpty()) {
                    appendGroup(match, Integer.parseInt(ref), out);
                } else {
                    try {
                        String value = match.group(ref);
                        out.append(value == null ? "" : value);
                    } catch (IllegalArgumentException e) {
                        throw new PyRegexException("unknown group name '" + ref + "' in '"
                                + template + "'");
                    }
                }
                i = close + 1;
            } else {
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000b');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case '\\' -> out.append('\\');
                    default -> {
                        if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')) {
                            throw new PyRegexException("bad escape \\" + next + " in '"
                                    + template + "'");
                        }
                        out.append('\\').append(next);
                    }
                }
                i += 2;
            }
        }
    }

    private void appendGroup(Matcher match, int group, StringBuilder out) {
        if (group > match.groupCount()) {
            throw new PyRegexException("invalid group reference " + group + " in '"
                    + source + "'");
        }
        String value = match.group(group);
        out.append(value == null ? "" : value);
    }

    /** The subject text, refusing to be read once the time budget of one match is spent. */
    private static final class Deadline implements CharSequence {

        private final String text;
        private final String regex;
        private final long deadline;
        private int reads;

        Deadline(String text, String regex) {
            this(text, regex, System.nanoTime() + BUDGET_NANOS);
        }

        private Deadline(String text, String regex, long deadline) {
            this.text = text;
            this.regex = regex;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new PyRegexException("regular expression '" + regex
                        + "' took too long on '" + text + "' (catastrophic backtracking?)");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.substring(start, end), regex, deadline);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
