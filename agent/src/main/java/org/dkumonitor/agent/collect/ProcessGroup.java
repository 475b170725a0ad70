package org.dkumonitor.agent.collect;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * collectd's {@code <ProcessMatch name regex>}: the processes whose command line (arguments
 * joined by spaces, at most 4095 characters as collectd reads it, or {@code [name]} for kernel
 * threads) contains a match of the regex.
 *
 * <p>collectd matches with POSIX regexec, which does not backtrack; Java's engine does, and a
 * search for {@code .*java -Ddku\.backend .*} tries every start position and backtracks the
 * leading {@code .*} from each: quadratic in the command line, and a JVM's command line with its
 * class path is kilobytes long. A leading {@code .*} (or {@code ^.*}) and a trailing {@code .*}
 * change nothing to whether a search finds a match, so they are dropped before compiling; and
 * {@code .} matches any character, newlines included, as in POSIX.
 */
public record ProcessGroup(String name, Pattern regex) {

    public ProcessGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(regex, "regex");
    }

    /** A group for collectd's regex, compiled for searching. */
    public static ProcessGroup of(String name, String regex) {
        return new ProcessGroup(name, Pattern.compile(forSearch(regex), Pattern.DOTALL));
    }

    /** The regex without the leading and trailing {@code .*} that a search makes redundant. */
    static String forSearch(String regex) {
        String out = regex;
        if (out.startsWith("^.*")) {
            out = out.substring(3);
        } else if (out.startsWith(".*") && !out.startsWith(".*?") && !out.startsWith(".*+")) {
            out = out.substring(2);
        }
        if (out.endsWith(".*") && unescapedAt(out, out.length() - 2)) {
            out = out.substring(0, out.length() - 2);
        }
        if (out.startsWith("*") || out.startsWith("?") || out.startsWith("+")
                || out.startsWith("{")) {
            return regex; // the .* was quantified further: leave it
        }
        return out;
    }

    /** Whether the character at {@code index} is not escaped by a backslash. */
    private static boolean unescapedAt(String s, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0;
    }

    boolean matches(CharSequence commandLine) {
        return regex.matcher(commandLine).find();
    }
}
