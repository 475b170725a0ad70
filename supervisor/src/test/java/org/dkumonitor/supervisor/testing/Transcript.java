package org.dkumonitor.supervisor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The supervisord 4.2 transcript (a copy of ../shared/peers/supervisord-transcript.txt in the
 * test resources): for each {@code $ supervisorctl ARGS} in each numbered section, the lines it
 * printed and its exit code.
 */
public final class Transcript {

    /** One command as supervisorctl ran it. */
    public record Case(int section, String args, List<String> lines, int exitCode) {
    }

    private static final Pattern SECTION = Pattern.compile("^## (\\d+)\\. .*");
    private static final Pattern COMMAND = Pattern.compile("^\\$ supervisorctl ?(.*?)\\s+# t=.*");
    private static final Pattern EXIT = Pattern.compile("^\\[exit (\\d+), \\d+ ms]$");

    private final List<Case> cases;

    private Transcript(List<Case> cases) {
        this.cases = cases;
    }

    public static Transcript load() {
        try (InputStream in = Transcript.class.getResourceAsStream(
                "/supervisord-transcript.txt")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Transcript parse(String text) {
        List<Case> cases = new ArrayList<>();
        int section = 0;
        String args = null;
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Matcher matcher;
            if ((matcher = SECTION.matcher(line)).matches()) {
                section = Integer.parseInt(matcher.group(1));
            } else if ((matcher = COMMAND.matcher(line)).matches()) {
                args = matcher.group(1);
                lines = new ArrayList<>();
            } else if (args != null && (matcher = EXIT.matcher(line)).matches()) {
                cases.add(new Case(section, args, List.copyOf(lines),
                        Integer.parseInt(matcher.group(1))));
                args = null;
            } else if (args != null) {
                lines.add(line);
            }
        }
        return new Transcript(cases);
    }

    /** The {@code occurrence}th time (from 0) {@code args} was run in {@code section}. */
    public Case get(int section, String args, int occurrence) {
        return cases.stream().filter(c -> c.section() == section && c.args().equals(args))
                .skip(occurrence).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no '" + args
                        + "' in section " + section + " of the transcript"));
    }
}
