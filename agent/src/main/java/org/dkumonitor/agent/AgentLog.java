package org.dkumonitor.agent;

import java.io.PrintStream;

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
public final class AgentLog implements org.dkumonitor.core.carbon.SenderLog {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Days in 400 Gregorian years. */
    private static final long DAYS_PER_ERA = 146_097;
    /** From 0000-03-01 to 1970-01-01. */
    private static final long DAYS_FROM_YEAR_0_MARCH_TO_1970 = 719_468;

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

    @Override
    public void info(String message) {
        write("INFO ", message);
    }

    @Override
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

    /**
     * {@code yyyy-MM-dd HH:mm:ss.SSS} of an instant, at an offset from UTC. The date comes from
     * the day number by the proleptic Gregorian calendar's arithmetic (eras of 400 years, years
     * starting in March so that the leap day falls last), not from java.time, whose first use
     * costs the agent's start-up a few milliseconds of interpreted initialisation.
     */
    static void timestamp(StringBuilder line, long epochMillis, long offsetMillis) {
        long local = epochMillis + offsetMillis;
        long days = Math.floorDiv(local, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(local, MILLIS_PER_DAY);
        long shifted = days + DAYS_FROM_YEAR_0_MARCH_TO_1970;
        long era = Math.floorDiv(shifted, DAYS_PER_ERA);
        long dayOfEra = shifted - era * DAYS_PER_ERA;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        line.append(year).append('-');
        pad(line, month, 2).append('-');
        pad(line, day, 2).append(' ');
        pad(line, millisOfDay / 3_600_000, 2).append(':');
        pad(line, millisOfDay / 60_000 % 60, 2).append(':');
        pad(line, millisOfDay / 1000 % 60, 2).append('.');
        pad(line, millisOfDay % 1000, 3);
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
