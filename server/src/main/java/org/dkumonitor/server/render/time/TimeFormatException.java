package org.dkumonitor.server.render.time;

import org.dkumonitor.core.DkmException;

/** A from/until value that is not a time graphite-web would understand. */
public final class TimeFormatException extends DkmException {

    TimeFormatException(String text, String why) {
        super("cannot parse time '" + text + "': " + why);
    }
}
