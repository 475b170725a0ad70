package org.dkumonitor.server.events;

import org.dkumonitor.core.DkmException;

/** A request body that is not events this server stores; answered 400 with the reason. */
public final class BadEventException extends DkmException {

    public BadEventException(String message) {
        super(message);
    }
}
