package org.dkumonitor.server.api;

import org.dkumonitor.core.DkmException;

/** A request the API cannot answer as asked; it becomes HTTP 400 with this message. */
public final class BadRequestException extends DkmException {

    public BadRequestException(String message) {
        super(message);
    }
}
