package org.dkumonitor.server.metrics;

import org.dkumonitor.core.DkmException;

/** A path pattern too large or too deeply nested to match within bounds; the message says. */
public final class GlobTooComplexException extends DkmException {

    public GlobTooComplexException(String message) {
        super(message);
    }
}
