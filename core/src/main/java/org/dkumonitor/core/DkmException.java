package org.dkumonitor.core;

/**
 * Base of every error a user can act on: its message says what failed, where, and what to do.
 * Command lines print the message without a stack trace; anything else escaping is a bug.
 */
public class DkmException extends RuntimeException {

    public DkmException(String message) {
        super(message);
    }

    public DkmException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exit code of a command line that ends with this error: 1 unless a kind says. */
    public int exitCode() {
        return 1;
    }
}
