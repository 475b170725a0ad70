package org.dkumonitor.server.render.tags;

import org.dkumonitor.core.DkmException;

/** A tag expression that cannot be read, or a tag lookup over too large a tree. */
public final class TagExpressionException extends DkmException {

    TagExpressionException(String message) {
        super(message);
    }
}
