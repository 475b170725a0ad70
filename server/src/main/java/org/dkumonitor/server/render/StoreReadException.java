package org.dkumonitor.server.render;

/**
 * A store that could not answer a read: ClickHouse down (503), an error answer from it (502),
 * a query past its time limit (504). The API answers with that status and the message, which
 * names the store and says what to check, never with an empty 200.
 */
public final class StoreReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public StoreReadException(int status, String message, Throwable cause) {
        super(message, cause);
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("a store failure is a 5xx, found " + status);
        }
        this.status = status;
    }

    /** The HTTP status the API answers with. */
    public int status() {
        return status;
    }
}
