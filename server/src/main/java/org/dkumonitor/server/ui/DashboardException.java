package org.dkumonitor.server.ui;

import org.dkumonitor.core.DkmException;

/** A dashboard file that cannot be served: not valid JSON, not an object, or unreadable. */
final class DashboardException extends DkmException {

    DashboardException(String message) {
        super(message);
    }
}
