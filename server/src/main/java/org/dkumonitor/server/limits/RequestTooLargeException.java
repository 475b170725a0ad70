package org.dkumonitor.server.limits;

import org.dkumonitor.core.DkmException;

/** A request that alone needs more memory than all requests together may hold (HTTP 400). */
public final class RequestTooLargeException extends DkmException {

    public RequestTooLargeException(String message) {
        super(message);
    }
}
