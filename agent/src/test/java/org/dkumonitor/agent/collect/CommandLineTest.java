package org.dkumonitor.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    /** collectd's reading of a command line, done with strings. */
    private static String joinArguments(String cmdline) {
        String joined = cmdline.replace('\0', ' ');
        int end = joined.length();
        while (end > 0 && Character.isWhitespace(joined.charAt(end - 1))) {
            end--;
        }
        return joined.substring(0, end);
    }

    @Test
    void joinsArgumentsWithSpacesWithoutMakingAString() {
        for (String raw : new String[] {"java\0-Ddku.backend\0Main\0", "", "\0\0", "a b\0 \0",
            "sh\0-c\0echo \u00e9t\u00e9\0", "x".repeat(5000)}) {
            FakeProc proc = new FakeProc().write("1/cmdline", raw);
            CommandLine line = new CommandLine();
            String expected = joinArguments(
                    raw.substring(0, Math.min(raw.length(), CommandLine.MAX_BYTES)));
            assertEquals(expected, line.read(proc.files(), "1/cmdline").toString());
            assertEquals(expected.length(), line.length());
            assertEquals(expected, new StringBuilder(line).toString());
        }
        assertEquals("java -Ddku.backend Main",
                joinArguments("java\0-Ddku.backend\0Main\0"));
    }

    @Test
    void aCommandLineThatIsGoneIsEmpty() {
        assertEquals(0, new CommandLine().read(new FakeProc().files(), "2/cmdline").length());
    }
}
