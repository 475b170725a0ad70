package org.dkumonitor.installer;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dkumonitor.core.layout.DataDir;

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

    private static final Pattern PROGRAM_SERVER = Pattern.compile("(?m)^  - name: server$");
    private static final Pattern PROGRAM_AGENT = Pattern.compile("(?m)^  - name: agent$");
    private static final Pattern PROGRAM_GRAFANA = Pattern.compile("(?m)^  - name: grafana$");
    private static final Pattern SERVER_PORT = Pattern.compile("(?m)^  plaintextPort: (\\d+)$");
    private static final Pattern AGENT_PORT = Pattern.compile("(?m)^    port: (\\d+)$");

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

    /**
     * The record of an install made before run/install.properties existed (the 0.1.0 spine):
     * the bundle from the bin/dkm link, its VERSION, the type from supervisor.yaml's programs,
     * the port from server.yaml or agent.yaml. Such installs never ran Grafana.
     */
    static InstallRecord inferred(DataDir dataDir) {
        Path root = dataDir.root();
        Path dkm = dataDir.bin().resolve("dkm");
        String refusal = root + " has no run/" + FILE_NAME + " and ";
        if (!Files.isSymbolicLink(dkm)) {
            throw new InstallRefusedException(refusal + "no bin/dkm link, so its bundle is"
                    + " unknown; install afresh into a new directory and move storage/ into it");
        }
        Path bundle;
        String supervisor;
        try {
            Path target = Files.readSymbolicLink(dkm);
            bundle = dkm.getParent().resolve(target).normalize().getParent().getParent();
            supervisor = Files.readString(dataDir.confFile("supervisor.yaml"));
        } catch (IOException e) {
            throw new InstallRefusedException(refusal + "cannot be read (" + e.getMessage()
                    + "); install afresh into a new directory and move storage/ into it");
        }
        boolean server = PROGRAM_SERVER.matcher(supervisor).find();
        boolean agent = PROGRAM_AGENT.matcher(supervisor).find();
        if (PROGRAM_GRAFANA.matcher(supervisor).find() || (!server && !agent)) {
            throw new InstallRefusedException(refusal + "its programs cannot be told from"
                    + " conf/supervisor.yaml; install afresh into a new directory and move"
                    + " storage/ into it");
        }
        InstallType type = server ? (agent ? InstallType.ALL : InstallType.BACKEND)
                : InstallType.AGENT;
        int port = firstNumber(dataDir.confFile("server.yaml"), SERVER_PORT)
                .or(() -> firstNumber(dataDir.confFile("agent.yaml"), AGENT_PORT))
                .map(carbon -> carbon - 1).orElse(0);
        String version = readStripped(bundle.resolve("VERSION")).orElse("unknown");
        return new InstallRecord(version, type, port, bundle, NO_GRAFANA, "", "");
    }

    private static Optional<Integer> firstNumber(Path file, Pattern pattern) {
        return readStripped(file).map(pattern::matcher).filter(Matcher::find)
                .map(m -> Integer.parseInt(m.group(1)));
    }

    private static Optional<String> readStripped(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
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
