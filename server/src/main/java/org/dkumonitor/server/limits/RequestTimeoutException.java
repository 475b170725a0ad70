package org.dkumonitor.server.limits;

import org.dkumonitor.core.DkmException;

/** A request stopped because its time was spent or its client left; the message says which. */
public final class RequestTimeoutException extends DkmException {

    public RequestTimeoutException(String message) {
        super(message);
    }
}
