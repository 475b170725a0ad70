package org.dkumonitor.agent.collect;

import org.dkumonitor.core.DkmException;

/** A collector that could not read its source this time; the others carry on. */
public final class CollectionException extends DkmException {

    public CollectionException(String message) {
        super(message);
    }
}
