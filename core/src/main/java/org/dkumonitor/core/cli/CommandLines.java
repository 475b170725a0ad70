package org.dkumonitor.core.cli;

import java.io.PrintWriter;
import org.dkumonitor.core.DkmException;
import picocli.CommandLine;

/**
 * Runs a picocli command the way every dkumonitor executable does: a user error prints its
 * message (no stack trace) on stderr and exits with its code ({@value #USER_ERROR} unless
 * the error's kind has one of its own); a bad flag prints the
 * message and the usage and exits {@value #USAGE_ERROR}; anything else is a bug and shows its
 * stack trace.
 */
public final class CommandLines {

    /** Exit code of a command that failed for a reason its message explains. */
    public static final int USER_ERROR = 1;
    /** Exit code of a command given bad flags or arguments. */
    public static final int USAGE_ERROR = 2;

    private CommandLines() {
    }

    public static CommandLine create(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setExecutionExceptionHandler(CommandLines::onExecutionError);
        commandLine.setParameterExceptionHandler(CommandLines::onParameterError);
        return commandLine;
    }

    public static int execute(Object command, String... args) {
        return create(command).execute(args);
    }

    private static int onExecutionError(Exception e, CommandLine commandLine,
            CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof DkmException) {
            err.println(commandLine.getCommandName() + ": " + e.getMessage());
            err.flush();
            return ((DkmException) e).exitCode();
        }
        throw new IllegalStateException("unexpected failure in " + commandLine.getCommandName(),
                e);
    }

    private static int onParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandName() + ": " + e.getMessage());
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return USAGE_ERROR;
    }
}
