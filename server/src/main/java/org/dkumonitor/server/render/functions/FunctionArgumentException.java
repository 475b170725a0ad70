package org.dkumonitor.server.render.functions;

import org.dkumonitor.core.DkmException;

/**
 * A function called with arguments it cannot use (graphite-web's InputParameterError): an
 * unknown function, a missing or mistyped parameter, a bad regex. The API answers 400.
 */
public final class FunctionArgumentException extends DkmException {

    public FunctionArgumentException(String message) {
        super(message);
    }
}
