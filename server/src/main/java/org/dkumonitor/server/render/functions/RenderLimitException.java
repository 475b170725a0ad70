package org.dkumonitor.server.render.functions;

import org.dkumonitor.core.DkmException;

/** A request that would read more series or points than the server is configured to allow. */
public final class RenderLimitException extends DkmException {

    RenderLimitException(String message) {
        super(message);
    }
}
