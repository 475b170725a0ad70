package org.dkumonitor.server.pickle;

import org.dkumonitor.core.DkmException;

/** A pickle that is malformed or uses an opcode we refuse; the message says which and where. */
public final class PickleException extends DkmException {

    public PickleException(String message) {
        super(message);
    }
}
