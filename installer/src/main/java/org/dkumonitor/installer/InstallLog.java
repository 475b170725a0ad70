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
 * Each install step, on the terminal and in {@code run/install.log}. Lines logged before
 * {@code run/} exists are kept and written once it does.
 */
final class InstallLog {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintWriter terminal;
    private final Path file;
    private final InstantSource clock;
    private final List<String> pending = new ArrayList<>();

    InstallLog(PrintWriter terminal, Path file, InstantSource clock) {
        this.terminal = terminal;
        this.file = file;
        this.clock = clock;
    }

    void info(String message) {
        terminal.println(message);
        terminal.flush();
        pending.add(TIME.format(clock.instant()) + " " + message);
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
}
