package org.dkumonitor.core.cli;

/**
 * The exit codes every dkumonitor program shares, with picocli (the cli module's
 * {@code CommandLines}) or without it ({@link DaemonArguments}, for the agent and the
 * supervisor daemon, which do not load picocli).
 */
public final class ExitCodes {

    /** Exit code of a command that failed for a reason its message explains. */
    public static final int USER_ERROR = 1;
    /** Exit code of a command given bad flags or arguments. */
    public static final int USAGE_ERROR = 2;

    private ExitCodes() {
    }
}
