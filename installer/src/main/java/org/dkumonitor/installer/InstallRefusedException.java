package org.dkumonitor.installer;

import org.dkumonitor.core.DkmException;

/** A check failed before anything was written; the message says what to do. */
final class InstallRefusedException extends DkmException {

    InstallRefusedException(String message) {
        super(message);
    }
}
