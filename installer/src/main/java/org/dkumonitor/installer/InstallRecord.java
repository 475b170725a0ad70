package org.dkumonitor.installer;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * {@code run/install.properties}: what is installed in a DATA_DIR, so that {@code --update}
 * needs no other flag and a failed update can be undone. The previous bundle is the one the
 * install ran before the last update: {@code PREVIOUS_BUNDLE/installer -d DATA_DIR --update}
 * goes back to it.
 *
 * @param grafana {@code none}, {@code bundled}, or the absolute Grafana home it runs
 * @param previousVersion empty before the first update
 * @param previousBundle empty before the first update
 */
record InstallRecord(String version, InstallType type, int port, Path bundle, String grafana,
        String previousVersion, String previousBundle) {

    static final String FILE_NAME = "install.properties";
    static final String NO_GRAFANA = "none";

    InstallRecord {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(grafana, "grafana");
        previousVersion = previousVersion == null ? "" : previousVersion;
        previousBundle = previousBundle == null ? "" : previousBundle;
    }

    /** The record of the same install running {@code version} from {@code newBundle}. */
    InstallRecord updatedTo(String newVersion, Path newBundle) {
        if (newBundle.equals(bundle)) {
            return new InstallRecord(newVersion, type, port, bundle, grafana, previousVersion,
                    previousBundle);
        }
        return new InstallRecord(newVersion, type, port, newBundle, grafana, version,
                bundle.toString());
    }

    String format() {
        return "# written by the dkumonitor installer; read by installer --update.\n"
                + "# To go back to the previous bundle after an update:\n"
                + "#   PREVIOUS_BUNDLE/installer -d DATA_DIR --update\n"
                + line("version", version)
                + line("type", type.cliName())
                + line("port", Integer.toString(port))
                + line("bundle", bundle.toString())
                + line("grafana", grafana)
                + line("previous.version", previousVersion)
                + line("previous.bundle", previousBundle);
    }

    static InstallRecord parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InstallRefusedException("cannot read " + file + " (" + e.getMessage()
                    + "); restore it or reinstall into a new directory");
        }
        Properties properties = new Properties();
        try (Reader reader = new StringReader(text)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InstallRefusedException(file + " is damaged (" + e.getMessage()
                    + "); restore it or reinstall into a new directory");
        }
        try {
            return new InstallRecord(required(properties, file, "version"),
                    InstallType.fromCli(required(properties, file, "type")),
                    Integer.parseInt(required(properties, file, "port")),
                    file.getFileSystem().getPath(required(properties, file, "bundle")),
                    required(properties, file, "grafana"),
                    properties.getProperty("previous.version"),
                    properties.getProperty("previous.bundle"));
        } catch (NumberFormatException e) {
            throw new InstallRefusedException(file + ": port is not a number; restore the file"
                    + " or reinstall into a new directory");
        }
    }

    private static String required(Properties properties, Path file, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new InstallRefusedException(file + " has no " + key + "; restore the file or"
                    + " reinstall into a new directory");
        }
        return value.strip();
    }

    private static String line(String key, String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                default -> escaped.append(c);
            }
        }
        return key + "=" + escaped + "\n";
    }
}
