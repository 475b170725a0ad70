package org.dkumonitor.server.ingest;

import org.dkumonitor.core.DkmException;

/**
 * A request the server cannot read as HTTP/1.x, with the status it is answered with (400, 413,
 * 431, 501, 505); the connection is closed after the answer, since the rest of its bytes cannot
 * be framed.
 */
public final class HttpProtocolException extends DkmException {

    private final int status;

    public HttpProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
