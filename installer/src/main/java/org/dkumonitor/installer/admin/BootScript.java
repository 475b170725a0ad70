package org.dkumonitor.installer.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dkumonitor.core.DkmException;

/**
 * Installs and removes the script that starts an install at boot and stops it at shutdown, as
 * the owner of its DATA_DIR: a systemd unit ({@code /etc/systemd/system/NAME.service}) where
 * systemd is running, else an LSB init script ({@code /etc/init.d/NAME}). Every path is under
 * {@code root} ({@code /} for real; a scratch directory in tests) and the system's tools
 * (systemctl, update-rc.d, chkconfig) are run through {@code commands}, so nothing here needs
 * the real {@code /etc}. A script carries a marker naming its DATA_DIR: a script of the same
 * name for another install, or not written by dkmadmin, is never overwritten nor removed.
 */
final class BootScript {

    /** Which boot system the host runs. */
    enum InitSystem {
        SYSTEMD, SYSV
    }

    /** Runs a system tool; returns its exit code. */
    interface Commands {
        int run(List<String> command);

        /** How the lines report a command: "ran", or "would run" where none is run. */
        default String verb() {
            return "ran";
        }
    }

    /** What install-boot knows of the install. */
    record Install(String name, Path dataDir, Path home, String user, String group) {
        Install {
            if (!NAME.matcher(name).matches()) {
                throw new DkmException("-name '" + name + "' must be letters, digits, '.', '_',"
                        + " '@' or '-'");
            }
            for (Path path : List.of(dataDir, home)) {
                if (!PLAIN_PATH.matcher(path.toString()).matches()) {
                    throw new DkmException("'" + path + "' holds a space, a quote, a '%', a '$'"
                            + " or a backslash, which boot scripts cannot carry; install-boot"
                            + " needs a plain path");
                }
            }
        }
    }

    static final String MARKER = "# dkumonitor DATA_DIR=";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9_.@-]*");
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9_.,+=:@/-]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");
    private static final String TEMPLATES = "org/dkumonitor/templates/boot/";

    private final Path root;
    private final Commands commands;

    BootScript(Path root, Commands commands) {
        this.root = root;
        this.commands = commands;
    }

    /** systemd when it is PID 1, which it says by creating /run/systemd/system. */
    InitSystem initSystem() {
        return Files.isDirectory(root.resolve("run/systemd/system")) ? InitSystem.SYSTEMD
                : InitSystem.SYSV;
    }

    Path scriptFile(String name) {
        return switch (initSystem()) {
            case SYSTEMD -> root.resolve("etc/systemd/system/" + name + ".service");
            case SYSV -> root.resolve("etc/init.d/" + name);
        };
    }

    /** Writes and enables the boot script; returns what it did, line by line. */
    List<String> install(Install install) {
        Path file = scriptFile(install.name());
        Optional<String> owner = ownerOf(file);
        if (owner.isPresent() && !owner.get().equals(install.dataDir().toString())) {
            throw new DkmException(file + " already starts " + owner.get() + "; choose another"
                    + " -name, or run uninstall-boot from that install first");
        }
        if (owner.isEmpty() && Files.exists(file)) {
            throw new DkmException(file + " exists and was not written by dkmadmin; choose"
                    + " another -name");
        }
        InitSystem system = initSystem();
        String text = render(system == InitSystem.SYSTEMD ? "systemd.service" : "init.d.sh",
                Map.of("NAME", install.name(), "DATA_DIR", install.dataDir().toString(),
                        "DKM_HOME", install.home().toString(), "USER", install.user(),
                        "GROUP", install.group()));
        write(file, text, system == InitSystem.SYSV ? "rwxr-xr-x" : "rw-r--r--");
        List<String> lines = new ArrayList<>();
        lines.add((owner.isPresent() ? "updated " : "wrote ") + file);
        List<List<String>> enable = system == InitSystem.SYSTEMD
                ? List.of(List.of("systemctl", "daemon-reload"),
                        List.of("systemctl", "enable", install.name() + ".service"))
                : List.of(sysvTool(install.name(), true));
        for (List<String> command : enable) {
            lines.add(run(command, true));
        }
        lines.add(install.name() + " starts at boot as " + install.user() + " ("
                + (system == InitSystem.SYSTEMD ? "systemctl start|stop|status " + install.name()
                : "service " + install.name() + " start|stop|status") + ")");
        return lines;
    }

    /** Disables and removes the boot script; returns what it did, line by line. */
    List<String> uninstall(String name, Path dataDir) {
        Path file = scriptFile(name);
        if (!Files.exists(file)) {
            return List.of("no boot script " + file + "; nothing to remove");
        }
        Optional<String> owner = ownerOf(file);
        if (owner.isEmpty()) {
            throw new DkmException(file + " was not written by dkmadmin; it is left alone");
        }
        if (!owner.get().equals(dataDir.toString())) {
            throw new DkmException(file + " starts " + owner.get() + ", not this install ("
                    + dataDir + "); run uninstall-boot from that install");
        }
        List<String> lines = new ArrayList<>();
        if (initSystem() == InitSystem.SYSTEMD) {
            lines.add(run(List.of("systemctl", "disable", name + ".service"), false));
            delete(file);
            lines.add("removed " + file);
            lines.add(run(List.of("systemctl", "daemon-reload"), false));
        } else {
            delete(file);
            lines.add("removed " + file);
            lines.add(run(sysvTool(name, false), false));
        }
        return lines;
    }

    /** update-rc.d on Debian and its kin, chkconfig on Red Hat and its kin. */
    private List<String> sysvTool(String name, boolean enable) {
        boolean debian = Files.exists(root.resolve("usr/sbin/update-rc.d"))
                || !Files.exists(root.resolve("sbin/chkconfig"))
                        && !Files.exists(root.resolve("usr/sbin/chkconfig"));
        if (debian) {
            return enable ? List.of("update-rc.d", name, "defaults")
                    : List.of("update-rc.d", "-f", name, "remove");
        }
        return enable ? List.of("chkconfig", "--add", name) : List.of("chkconfig", "--del", name);
    }

    private String run(List<String> command, boolean required) {
        int code = commands.run(command);
        String shown = String.join(" ", command);
        if (code != 0 && required) {
            throw new DkmException(shown + " failed with exit code " + code + "; the script is"
                    + " written but not enabled: fix the cause and run install-boot again");
        }
        String line = commands.verb() + " " + shown;
        return code == 0 ? line : line + " (exit code " + code + ")";
    }

    /** The DATA_DIR a script of ours names in its marker; empty when it is not ours. */
    private static Optional<String> ownerOf(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith(MARKER))
                    .map(line -> line.substring(MARKER.length()).strip())
                    .findFirst();
        } catch (IOException e) {
            throw new DkmException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text, String permissions) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(permissions));
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new DkmException("cannot write " + file + ": permission denied; run"
                    + " install-boot as root (sudo DATA_DIR/bin/dkmadmin install-boot)");
        } catch (IOException e) {
            throw new DkmException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new DkmException("cannot remove " + file + ": permission denied; run"
                    + " uninstall-boot as root (sudo DATA_DIR/bin/dkmadmin uninstall-boot)");
        } catch (IOException e) {
            throw new DkmException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    static String render(String template, Map<String, String> values) {
        String text;
        try (InputStream in = BootScript.class.getClassLoader()
                .getResourceAsStream(TEMPLATES + template)) {
            if (in == null) {
                throw new IllegalStateException("template boot/" + template
                        + " is not in the bundle");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("template boot/" + template + " uses {{"
                        + matcher.group(1) + "}}, which install-boot does not set");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
