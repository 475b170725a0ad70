package org.dkumonitor.server.python;

import org.dkumonitor.core.DkmException;

/**
 * A regular expression Python's {@code re} would refuse (bad syntax, a bad group reference or
 * escape in a replacement), or one that ran out of its time budget. The render evaluator
 * reports it as a bad function argument; the tags API as a bad tag expression.
 */
public final class PyRegexException extends DkmException {

    public PyRegexException(String message) {
        super(message);
    }
}
