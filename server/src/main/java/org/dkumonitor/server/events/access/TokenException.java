package org.dkumonitor.server.events.access;

import org.dkumonitor.core.DkmException;

/** A token that does not verify; the message is tokenlib's ("token has expired", ...). */
public final class TokenException extends DkmException {

    public TokenException(String message) {
        super(message);
    }
}
