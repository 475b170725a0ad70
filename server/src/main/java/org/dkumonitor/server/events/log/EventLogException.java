package org.dkumonitor.server.events.log;

import org.dkumonitor.core.DkmException;

/**
 * The event log could not make records durable (a full disk, an I/O error, a log being
 * closed): nothing of the request was acknowledged, and it is answered 503.
 */
public final class EventLogException extends DkmException {

    public EventLogException(String message) {
        super(message);
    }
}
