package org.dkumonitor.core.logging;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Logging for the daemons: one line per event on stderr, which the supervisor writes to
 * {@code run/<program>.log}. State changes are logged; per-point events are counted instead.
 */
public final class Logs {

    private Logs() {
    }

    public static void toStderr(Level level) {
        install(new ConsoleHandler(), level);
    }

    /** Logs to {@code out} instead, flushed after every line (the supervisor's rotating log). */
    public static void to(OutputStream out, Level level) {
        install(new StreamHandler(out, new OneLineFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        }, level);
    }

    private static void install(Handler handler, Level level) {
        Logger root = Logger.getLogger("");
        for (Handler old : root.getHandlers()) {
            root.removeHandler(old);
        }
        handler.setLevel(level);
        handler.setFormatter(new OneLineFormatter());
        root.addHandler(handler);
        root.setLevel(level);
    }

    /** {@code 2026-11-23 11:39:00.123 INFO  carbon: listening on 127.0.0.1:15001}. */
    static final class OneLineFormatter extends Formatter {

        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                        .withZone(ZoneId.systemDefault());

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(128)
                    .append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
                    .append(' ')
                    .append(String.format("%-5s", record.getLevel().getName()))
                    .append(' ')
                    .append(shortName(record.getLoggerName()))
                    .append(": ")
                    .append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String shortName(String loggerName) {
            if (loggerName == null) {
                return "-";
            }
            int dot = loggerName.lastIndexOf('.');
            return dot < 0 ? loggerName : loggerName.substring(dot + 1);
        }
    }
}
