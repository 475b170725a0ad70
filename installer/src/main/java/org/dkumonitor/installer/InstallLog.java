package org.dkumonitor.installer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Each install step as it happens, with a time stamp, on the terminal and the same line in
 * {@code run/install.log}. Lines logged before {@code run/} exists are kept and written once it
 * does. Secrets go to the terminal only.
 */
final class InstallLog {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PrintWriter terminal;
    private final Path file;
    private final InstantSource clock;
    private final DateTimeFormatter format;
    private final List<String> pending = new ArrayList<>();

    InstallLog(PrintWriter terminal, Path file, InstantSource clock, ZoneId zone) {
        this.terminal = terminal;
        this.file = file;
        this.clock = clock;
        this.format = TIME.withZone(zone);
    }

    void info(String message) {
        String line = format.format(clock.instant()) + " " + message;
        terminal.println(line);
        terminal.flush();
        pending.add(line);
        if (Files.isDirectory(file.getParent())) {
            try {
                Files.write(file, pending, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                pending.clear();
            } catch (IOException e) {
                terminal.println("warning: cannot write " + file + ": " + e.getMessage());
            }
        }
    }

    /** A line shown once on the terminal and written nowhere: a generated password. */
    void terminalOnly(String message) {
        terminal.println(message);
        terminal.flush();
    }
}
