package org.dkumonitor.supervisor.program;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The third column of supervisorctl's status, worded as supervisord words it. */
final class Descriptions {

    static final String TOO_QUICK = "Exited too quickly (process log may have details)";
    private static final DateTimeFormatter STOP_TIME =
            DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);

    private Descriptions() {
    }

    static String describe(ProgramState state, Instant now, ZoneId zone) {
        return switch (state) {
            case ProgramState.Stopped stopped -> stopped.at() == null
                    ? "Not started" : STOP_TIME.format(stopped.at().atZone(zone));
            case ProgramState.Starting starting -> "";
            case ProgramState.Running running -> "pid " + running.pid() + ", uptime "
                    + uptime(Duration.between(running.since(), now));
            case ProgramState.Backoff backoff -> backoff.reason();
            case ProgramState.Stopping stopping -> "";
            case ProgramState.Exited exited -> STOP_TIME.format(exited.at().atZone(zone));
            case ProgramState.Fatal fatal -> fatal.reason();
        };
    }

    /** Python's str(timedelta) without fractions: {@code 0:00:03}, {@code 2 days, 1:02:03}. */
    static String uptime(Duration elapsed) {
        long seconds = Math.max(0, elapsed.getSeconds());
        long days = seconds / 86_400;
        long rest = seconds % 86_400;
        String clock = String.format("%d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
        if (days == 0) {
            return clock;
        }
        return days + (days == 1 ? " day, " : " days, ") + clock;
    }
}
