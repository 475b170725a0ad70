package org.dkumonitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.Version;
import org.dkumonitor.core.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandLinesTest {

    @Command(name = "prog", mixinStandardHelpOptions = true,
            versionProvider = BundleVersion.class)
    static final class Prog implements Callable<Integer> {

        @Option(names = "--fail")
        String fail;

        @Override
        public Integer call() {
            switch (fail == null ? "" : fail) {
                case "user" -> throw new DkmException("conf/x.yaml is missing");
                case "kind" -> throw new DkmException("not running") {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public int exitCode() {
                        return 4;
                    }
                };
                case "bug" -> throw new IllegalStateException("a bug");
                default -> {
                    return 0;
                }
            }
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = CommandLines.create(new Prog());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void aUserErrorPrintsItsMessageWithoutAStackTraceAndExitsWithItsCode() {
        assertEquals(ExitCodes.USER_ERROR, run("--fail", "user"));
        assertEquals("prog: conf/x.yaml is missing\n", err.toString());
        assertEquals(4, run("--fail", "kind"));
    }

    @Test
    void aBadFlagPrintsTheMessageAndTheHintToAskForHelp() {
        assertEquals(ExitCodes.USAGE_ERROR, run("--nope"));
        assertEquals("prog: Unknown option: '--nope'\nTry 'prog --help'.\n", err.toString());
    }

    @Test
    void anythingElseIsABugWithItsStackTrace() {
        assertEquals(1, run("--fail", "bug"));
        assertTrue(err.toString().contains("IllegalStateException: unexpected failure in prog"),
                err::toString);
        assertTrue(err.toString().contains("Caused by: java.lang.IllegalStateException: a bug"),
                err::toString);
        assertTrue(err.toString().contains("\tat "), err::toString);
    }

    @Test
    void versionIsTheCommandsNameAndTheBundlesVersion() {
        assertEquals(0, run("--version"));
        assertEquals("prog " + Version.current() + "\n", out.toString());
        assertTrue(!Version.current().isBlank());
    }
}
