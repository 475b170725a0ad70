package org.dkumonitor.server.lifecycle;

import org.dkumonitor.core.DkmException;

/** A lifecycle request refused as asked: the message says why and what to do instead. */
public final class LifecycleException extends DkmException {

    public LifecycleException(String message) {
        super(message);
    }
}
