package org.dkumonitor.server.events.access;

import org.dkumonitor.core.DkmException;

/** A request without a token that names a user of access.json: answered 403 with the reason. */
public final class AccessDeniedException extends DkmException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
