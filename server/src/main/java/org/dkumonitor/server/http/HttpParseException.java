package org.dkumonitor.server.http;

import org.dkumonitor.core.DkmException;

/** A request the server cannot read; {@code status} is the HTTP status that answers it. */
public final class HttpParseException extends DkmException {

    private final int status;

    public HttpParseException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
