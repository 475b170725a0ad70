package org.dkumonitor.cli;

import java.io.PrintWriter;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.cli.ExitCodes;
import picocli.CommandLine;

/**
 * Runs a picocli command the way every dkumonitor executable does: a user error prints its
 * message (no stack trace) on stderr and exits with its code ({@value ExitCodes#USER_ERROR}
 * unless the error's kind has one of its own); a bad flag prints the message and the usage and
 * exits {@value ExitCodes#USAGE_ERROR}; anything else is a bug and shows its stack trace.
 */
public final class CommandLines {

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
        return ExitCodes.USAGE_ERROR;
    }
}
