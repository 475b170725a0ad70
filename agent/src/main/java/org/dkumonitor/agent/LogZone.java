package org.dkumonitor.agent;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TimeZone;

/**
 * The offset of the agent's log lines from UTC: the JVM's default time zone, as core's
 * {@code Logs} stamps lines, but without the JDK's zone database where the host plainly runs on
 * UTC, as servers and containers mostly do. The first use of {@link TimeZone} reads the whole
 * database (some 600 zones, run by the interpreter at start-up): a third of the agent's start-up
 * CPU, for a process that logs a handful of lines in its life (issue 6).
 *
 * <p>The host is taken to be on UTC only when every source the JDK reads agrees: no
 * {@code user.timezone} property; {@code TZ} unset or empty, or naming UTC; {@code
 * /etc/timezone} absent or naming UTC; and {@code /etc/localtime} absent or a link to a UTC zone
 * file. Anything else (a copied {@code /etc/localtime}, any other zone) is left to
 * {@link TimeZone#getDefault()}.
 */
final class LogZone {

    /** The zone names of UTC, with or without {@code Etc/}. */
    private static final Set<String> UTC_NAMES = Set.of("UTC", "UCT", "Universal", "Zulu", "GMT",
            "GMT0", "GMT+0", "GMT-0", "Greenwich");

    private static final boolean HOST_IS_UTC = hostIsUtc(System.getProperty("user.timezone"),
            System.getenv("TZ"), readFirstLine(new File("/etc/timezone")),
            Path.of("/etc/localtime"));

    private LogZone() {
    }

    /** Milliseconds to add to UTC for the local time at {@code epochMillis}. */
    static long offsetAt(long epochMillis) {
        return HOST_IS_UTC ? 0 : TimeZone.getDefault().getOffset(epochMillis);
    }

    /**
     * Whether these sources all say UTC: the {@code user.timezone} property, the {@code TZ}
     * variable, the first line of {@code /etc/timezone} (null when absent) and
     * {@code /etc/localtime}.
     */
    static boolean hostIsUtc(String property, String tz, String etcTimezone, Path localtime) {
        if (property != null && !property.isEmpty()) {
            return false;
        }
        if (tz != null && !tz.isEmpty()) {
            return isUtcName(tz.startsWith(":") ? tz.substring(1) : tz);
        }
        if (etcTimezone != null && !isUtcName(etcTimezone.strip())) {
            return false;
        }
        if (!Files.isSymbolicLink(localtime)) {
            // absent: the JDK says GMT; a copied zone file: only the JDK knows which zone it is
            return !Files.exists(localtime);
        }
        try {
            Path target = localtime.toRealPath();
            Path parent = target.getParent();
            String name = target.getFileName().toString();
            boolean etc = parent != null && parent.getFileName() != null
                    && parent.getFileName().toString().equals("Etc");
            return isUtcName(etc ? "Etc/" + name : name);
        } catch (IOException e) {
            return false; // a dangling link
        }
    }

    /** {@code UTC}, {@code Etc/UTC} and the like. */
    static boolean isUtcName(String zone) {
        String name = zone.startsWith("Etc/") ? zone.substring(4) : zone;
        return UTC_NAMES.contains(name);
    }

    private static String readFirstLine(File file) {
        try (FileInputStream in = new FileInputStream(file)) {
            String text = new String(in.readNBytes(256), StandardCharsets.ISO_8859_1);
            int end = text.indexOf('\n');
            return end < 0 ? text : text.substring(0, end);
        } catch (IOException e) {
            return null;
        }
    }
}
