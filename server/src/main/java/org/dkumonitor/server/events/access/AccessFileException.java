package org.dkumonitor.server.events.access;

import org.dkumonitor.core.DkmException;

/** An access.json that cannot be read or written; the message names the file and place. */
public final class AccessFileException extends DkmException {

    public AccessFileException(String message) {
        super(message);
    }
}
