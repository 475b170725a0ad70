package org.dkumonitor.installer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;
import org.dkumonitor.server.clickhouse.LocalClickHouse;

/**
 * What {@code --clickhouse} asks of an install: the server stores in ClickHouse (the URLs
 * given), or in a ClickHouse the supervisor runs for it ({@code local}: Debian's
 * clickhouse-server, found on PATH or in /usr/sbin, or given with
 * {@code --clickhouse-server-bin}; on PORT+8 for HTTP and PORT+9 for its native protocol,
 * loopback only, config in conf/clickhouse, data in storage/clickhouse, a generated password
 * in conf/clickhouse.credentials); {@code --dual-write} keeps the whisper files written beside
 * it.
 *
 * @param urls the servers' HTTP URLs, empty for a local one
 * @param serverBinary the clickhouse-server to run, null when none runs here
 * @param credentials a user's file of user= and password= lines to copy (0600), or null
 */
record ClickHouseInstall(List<String> urls, Path serverBinary, Path credentials,
        boolean dualWrite) {

    static final String LOCAL = "local";
    static final String CREDENTIALS = "clickhouse.credentials";
    static final String USER = "dkumonitor";
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9_.:\\[\\]-]+/?");

    ClickHouseInstall {
        urls = List.copyOf(urls);
    }

    boolean local() {
        return serverBinary != null;
    }

    /**
     * The choice the options make, empty without {@code --clickhouse}; refuses what cannot
     * work with a message that says what to do.
     */
    static Optional<ClickHouseInstall> of(String clickhouse, Path serverBinary, Path credentials,
            boolean dualWrite, InstallType type, Map<String, String> environment) {
        if (clickhouse == null) {
            if (serverBinary != null || credentials != null || dualWrite) {
                throw new InstallRefusedException("--clickhouse-server-bin, --clickhouse-"
                        + "credentials and --dual-write go with --clickhouse URL[,URL...] or"
                        + " --clickhouse local");
            }
            return Optional.empty();
        }
        if (!type.runsServer()) {
            throw new InstallRefusedException("type " + type.cliName() + " runs no server;"
                    + " --clickhouse is for types all, server, backend and backend-agent");
        }
        if (!type.storesMetrics()) {
            throw new InstallRefusedException("type " + type.cliName() + " stores nothing (it"
                    + " forwards every point to --relay-to); --clickhouse is for types all,"
                    + " server, backend and backend-agent");
        }
        if (clickhouse.equals(LOCAL)) {
            if (credentials != null) {
                throw new InstallRefusedException("--clickhouse local makes its own user and"
                        + " password; drop --clickhouse-credentials");
            }
            Path binary = serverBinary != null ? serverBinary : onPath(environment.get("PATH"));
            if (!Files.isExecutable(binary)) {
                throw new InstallRefusedException(binary + " is not an executable"
                        + " clickhouse-server; install Debian's (apt-get install"
                        + " clickhouse-server) or give --clickhouse-server-bin PATH");
            }
            return Optional.of(new ClickHouseInstall(List.of(), binary.toAbsolutePath(), null,
                    dualWrite));
        }
        if (serverBinary != null) {
            throw new InstallRefusedException("--clickhouse-server-bin runs a local ClickHouse:"
                    + " use it with --clickhouse local, not with URLs");
        }
        List<String> urls = Arrays.stream(clickhouse.split(",")).map(String::strip).toList();
        for (String url : urls) {
            if (!URL.matcher(url).matches()) {
                throw new InstallRefusedException("--clickhouse '" + url + "' is not a"
                        + " ClickHouse HTTP URL such as http://127.0.0.1:8123/ (or say local)");
            }
        }
        if (credentials != null && !Files.isReadable(credentials)) {
            throw new InstallRefusedException("cannot read --clickhouse-credentials "
                    + credentials + " (a file of user=NAME and password=SECRET lines)");
        }
        return Optional.of(new ClickHouseInstall(urls, null, credentials, dualWrite));
    }

    /** Debian's clickhouse-server: on PATH, else in /usr/sbin (not on a user's PATH). */
    private static Path onPath(String path) {
        if (path != null) {
            for (String directory : path.split(":")) {
                if (!directory.isEmpty()) {
                    Path candidate = Path.of(directory, "clickhouse-server");
                    if (Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        return Path.of("/usr/sbin/clickhouse-server");
    }

    /** The lines under server.yaml's {@code storage:} that choose ClickHouse. */
    String storageYaml(PortMap ports) {
        List<String> servers = local()
                ? List.of("http://127.0.0.1:" + ports.clickhouseHttp() + "/") : urls;
        StringBuilder yaml = new StringBuilder();
        yaml.append("  # points go to ClickHouse, in carbon-clickhouse's tables (graphite,\n")
                .append("  # graphite_index, graphite_tagged); dkmadmin clickhouse schema shows"
                        + " them\n")
                .append("  backend: clickhouse\n")
                .append("  clickhouse:\n")
                .append("    urls: [");
        for (int i = 0; i < servers.size(); i++) {
            yaml.append(i > 0 ? ", " : "").append('"').append(servers.get(i)).append('"');
        }
        yaml.append("]\n");
        if (local() || credentials != null) {
            yaml.append("    credentialsFile: conf/").append(CREDENTIALS).append('\n');
        }
        if (local()) {
            yaml.append("    # the tables are made on the first start of this install's own"
                    + " ClickHouse\n    createTables: true\n");
        }
        if (dualWrite) {
            yaml.append("    # whisper files are written too, while moving over\n"
                    + "    dualWrite: true\n");
        }
        return yaml.toString();
    }

    /** The files and directories: a local server's config, the credentials. */
    List<InstallStep> steps(DataDir dataDir, PortMap ports, String password) {
        List<InstallStep> steps = new ArrayList<>();
        Path conf = dataDir.conf().resolve("clickhouse");
        if (local()) {
            Path data = dataDir.storage().resolve("clickhouse");
            steps.add(new InstallStep.CreateDirectory(conf));
            steps.add(new InstallStep.CreateDirectory(data));
            steps.add(new InstallStep.WriteFile(conf.resolve("config.xml"),
                    LocalClickHouse.configXml("127.0.0.1", ports.clickhouseHttp(),
                            ports.clickhouseNative(), data, "warning"),
                    InstallStep.Mode.PLAIN));
            steps.add(new InstallStep.WriteFile(conf.resolve("users.xml"),
                    LocalClickHouse.usersXml(USER, password, 2L * 1024 * 1024 * 1024),
                    InstallStep.Mode.SECRET));
            steps.add(new InstallStep.WriteFile(dataDir.confFile(CREDENTIALS), "user=" + USER
                    + "\npassword=" + password + "\n", InstallStep.Mode.SECRET));
        } else if (credentials != null) {
            try {
                steps.add(new InstallStep.WriteFile(dataDir.confFile(CREDENTIALS),
                        Files.readString(credentials), InstallStep.Mode.SECRET));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return steps;
    }

    /** The supervisor's program entry of a local ClickHouse, started before the server. */
    String program() {
        return Templates.render("conf/program-clickhouse.yaml",
                Map.of("CLICKHOUSE_SERVER_BIN", serverBinary.toString()));
    }
}
