package org.dkumonitor.core.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DaemonArgumentsTest {

    @Test
    void readsTheDataDirInBothSpellingsAndTheProgramsOwnFlags() {
        assertEquals(new DaemonArguments(Path.of("/srv/dkm data"), false, false, List.of()),
                DaemonArguments.parse(new String[] {"--data-dir", "/srv/dkm data"}));
        DaemonArguments training = DaemonArguments.parse(
                new String[] {"--aot-training", "--data-dir=/srv/dkm"}, "--aot-training");
        assertEquals(Path.of("/srv/dkm"), training.dataDir());
        assertTrue(training.has("--aot-training"));
        assertFalse(DaemonArguments.parse(new String[] {"--data-dir=/d"}, "--aot-training")
                .has("--aot-training"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--bogus|Unknown option: '--bogus'",
        "--aot-training|Unknown option: '--aot-training'",
        "stray|Unmatched argument at index 0: 'stray'",
        "--data-dir|Missing required parameter for option '--data-dir' (DATA_DIR)",
        "''|Missing required option: '--data-dir=DATA_DIR'"})
    void refusesWhatPicocliWouldRefuseWithItsWords(String arg, String message) {
        String[] args = arg.isEmpty() ? new String[0] : new String[] {arg};
        assertEquals(message, assertThrows(DaemonArguments.UsageException.class,
                () -> DaemonArguments.parse(args)).getMessage());
    }

    @Test
    void aUsageErrorPrintsTheMessageAndTheHintAndGivesTheUsageExitCode() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DaemonArguments.UsageException e = assertThrows(DaemonArguments.UsageException.class,
                () -> DaemonArguments.parse(new String[] {"--dta-dir", "x"}));
        assertEquals(ExitCodes.USAGE_ERROR, e.print(new PrintStream(err, true, UTF_8), "prog"));
        assertEquals("prog: Unknown option: '--dta-dir'\nTry 'prog --help'.\n",
                err.toString(UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void helpAndVersionNeedNoDataDirAndEndTheReadingWhereTheyStand() {
        assertTrue(DaemonArguments.parse(new String[] {"--help", "--bogus"}).help());
        assertTrue(DaemonArguments.parse(new String[] {"-V"}).version());
        assertThrows(DaemonArguments.UsageException.class,
                () -> DaemonArguments.parse(new String[] {"--bogus", "-h"}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, UTF_8);
        assertTrue(DaemonArguments.parse(new String[] {"-h"})
                .printedHelpOrVersion(print, "prog", "Usage: prog"));
        assertTrue(DaemonArguments.parse(new String[] {"--version"})
                .printedHelpOrVersion(print, "prog", "Usage: prog"));
        assertFalse(DaemonArguments.parse(new String[] {"--data-dir", "d"})
                .printedHelpOrVersion(print, "prog", "Usage: prog"));
        String[] lines = out.toString(UTF_8).split("\\R");
        assertEquals("Usage: prog", lines[0]);
        assertTrue(lines[1].matches("prog \\S+"), lines[1]);
        assertEquals(2, lines.length);
    }
}
