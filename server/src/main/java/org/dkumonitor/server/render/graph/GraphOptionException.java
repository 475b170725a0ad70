package org.dkumonitor.server.render.graph;

import org.dkumonitor.core.DkmException;

/** A graph parameter that cannot be used as given. */
public final class GraphOptionException extends DkmException {

    GraphOptionException(String message) {
        super(message);
    }
}
