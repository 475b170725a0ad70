package org.dkumonitor.agent;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The agent's log: one line per event on stderr, which the supervisor writes to
 * {@code run/agent.log}, in the form of core's {@code Logs} ({@code 2026-11-23 11:39:00.123 INFO
 * CarbonSender: connected to 127.0.0.1:2003}), local time ({@link LogZone}).
 *
 * <p>The agent does not use java.util.logging as the other programs do: its set-up, with
 * {@code Logs}' DateTimeFormatter and String.format, loads some 550 classes (lambdas and
 * string concatenation bootstrapped through java.lang.invoke among them) that would stay in the
 * memory of a process that logs a handful of lines in its life (issue 6).
 */
public final class AgentLog {

    private static volatile PrintStream out = System.err;

    private final String name;

    private AgentLog(String name) {
        this.name = name;
    }

    /** The log of a class, named by its simple name as {@code Logs} names loggers. */
    public static AgentLog of(Class<?> type) {
        return new AgentLog(type.getSimpleName());
    }

    /** Where lines go (stderr unless a test says otherwise). */
    static void to(PrintStream stream) {
        out = stream;
    }

    public void info(String message) {
        write("INFO ", message);
    }

    public void warning(String message) {
        write("WARNING", message);
    }

    private void write(String level, String message) {
        StringBuilder line = new StringBuilder(64 + message.length());
        long now = System.currentTimeMillis();
        timestamp(line, now, LogZone.offsetAt(now));
        line.append(' ').append(level).append(' ').append(name).append(": ").append(message)
                .append(System.lineSeparator());
        out.print(line);
        out.flush();
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS} of an instant, at an offset from UTC. */
    static void timestamp(StringBuilder line, long epochMillis, long offsetMillis) {
        long local = epochMillis + offsetMillis;
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(local, 1000L),
                0, ZoneOffset.UTC);
        line.append(time.getYear()).append('-');
        pad(line, time.getMonthValue(), 2).append('-');
        pad(line, time.getDayOfMonth(), 2).append(' ');
        pad(line, time.getHour(), 2).append(':');
        pad(line, time.getMinute(), 2).append(':');
        pad(line, time.getSecond(), 2).append('.');
        pad(line, (int) Math.floorMod(local, 1000L), 3);
    }

    private static StringBuilder pad(StringBuilder line, int value, int digits) {
        for (int limit = 10; digits > 1; digits--, limit *= 10) {
            if (value < limit) {
                line.append('0');
            }
        }
        return line.append(value);
    }
}
