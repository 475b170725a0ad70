package org.dkumonitor.supervisor.control;

import org.dkumonitor.core.DkmException;

/** The control socket could not carry a command: not running, refused, malformed. */
public final class ControlException extends DkmException {

    public ControlException(String message) {
        super(message);
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
