package org.dkumonitor.supervisor.program;

import org.dkumonitor.core.DkmException;

/** A program could not be spawned; the message is what status shows, as supervisord words it. */
public final class SpawnException extends DkmException {

    public SpawnException(String message) {
        super(message);
    }
}
