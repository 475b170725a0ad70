package org.dkumonitor.installer.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.installer.Secrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dkmadmin gottwall project add NAME | list}: GottWall projects in conf/server.yaml.
 * The running server re-reads the file within seconds; nothing restarts.
 */
@Command(name = "gottwall", mixinStandardHelpOptions = true,
        description = "GottWall projects: the keys clients sign their counters with.",
        subcommands = GottwallCommands.Project.class)
final class GottwallCommands {

    @Command(name = "project", mixinStandardHelpOptions = true,
            description = "Add or list GottWall projects.",
            subcommands = {GottwallCommands.Add.class, GottwallCommands.List.class})
    static final class Project {
    }

    /** Options both commands share. */
    static final class Target {
        @Option(names = "--data-dir", paramLabel = "DATA_DIR", hidden = true,
                description = "The install (default: the one bin/dkmadmin belongs to).")
        Path dataDir;

        Path serverYaml() {
            Path root = dataDir != null ? dataDir
                    : Path.of(DkmAdminCommand.required("DKM_DATA_DIR"));
            Path file = new DataDir(root).confFile("server.yaml");
            if (!Files.isRegularFile(file)) {
                throw new DkmException(file + " does not exist: GottWall's API is served by the"
                        + " server, which this install does not run");
            }
            return file;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add project NAME with a new random public key to conf/server.yaml"
                    + " and print the settings its clients need. Exit 0, or 1 when NAME exists"
                    + " or the file cannot be changed.")
    static final class Add implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private Target target = new Target();
        @Parameters(paramLabel = "NAME", description = "The project's name, as in the URL.")
        private String name;

        @Override
        public Integer call() throws IOException {
            Path file = target.serverYaml();
            String before = Files.readString(file, StandardCharsets.UTF_8);
            Secrets secrets = Secrets.secure();
            String publicKey = secrets.next();
            String after = new GottwallProjects(before).withProject(name, publicKey,
                    secrets.next() + secrets.next());
            GottwallProjects.Settings settings = new GottwallProjects(after).settings();
            if (settings == null || !publicKey.equals(settings.projects().get(name))) {
                throw new IllegalStateException("adding " + name + " did not give a file that"
                        + " lists it; " + file + " is left as it was");
            }
            replace(file, after);
            print(spec.commandLine().getOut(), file, name, settings);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the projects in conf/server.yaml with their public keys.")
    static final class List implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private Target target = new Target();

        @Override
        public Integer call() throws IOException {
            Path file = target.serverYaml();
            GottwallProjects.Settings settings = new GottwallProjects(Files.readString(file,
                    StandardCharsets.UTF_8)).settings();
            PrintWriter out = spec.commandLine().getOut();
            if (settings == null) {
                out.println("no gottwall: section in " + file + "; dkmadmin gottwall project"
                        + " add NAME makes one");
            } else {
                settings.projects().forEach((project, key) -> out.printf("%-24s %s%n", project,
                        key));
            }
            out.flush();
            return 0;
        }
    }

    /** Written beside the file and moved over it, with the file's own permissions. */
    private static void replace(Path file, String content) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(temp, permissions);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void print(PrintWriter out, Path file, String name,
            GottwallProjects.Settings s) {
        String keys = "private_key=\"" + s.privateKey() + "\", public_key=\""
                + s.projects().get(name) + "\", project=\"" + name + "\"";
        out.println("Added GottWall project " + name + " to " + file + "; the running server"
                + " reads it within seconds (no restart).");
        out.println();
        out.println("  project      " + name);
        out.println("  public key   " + s.projects().get(name));
        out.println("  private key  " + s.privateKey() + "  (the install's, every project's)");
        out.println("  HTTP         http://" + s.host() + ":" + s.httpPort() + s.prefix()
                + "/api/v1/" + name + "/incr");
        out.println("  TCP and UDP  " + s.host() + ":" + s.streamPort());
        out.println();
        out.println("stati-net (Python):");
        out.println("  from stati_net import HTTPClient, TCPIPClient, UDPClient");
        out.println("  HTTPClient(" + keys + ", host=\"" + s.host() + "\", port=" + s.httpPort()
                + ", prefix=\"" + s.prefix() + "\")");
        out.println("  TCPIPClient(" + keys + ", host=\"" + s.host() + "\", port="
                + s.streamPort() + ")");
        out.println("  UDPClient(" + keys + ", host=\"" + s.host() + "\", port="
                + s.streamPort() + ")");
        out.println("stati-go-net (Go):");
        String goKeys = "\"" + name + "\", \"" + s.privateKey() + "\", \""
                + s.projects().get(name) + "\", \"" + s.host() + "\"";
        out.println("  stati_net.HTTPClientInit(" + goKeys + ", " + s.httpPort() + ", \"http\", \""
                + s.prefix() + "\")");
        out.println("  stati_net.TCPClientInit(" + goKeys + ", " + s.streamPort()
                + ", stati_net.DEFAULT_TCP_AUTH_DELIMITER, stati_net.DEFAULT_TCP_CHUNK_DELIMITER)");
        if (Math.max(s.httpPort(), s.streamPort()) > Short.MAX_VALUE) {
            out.println("  (stati-go-net keeps ports in an int16: it cannot reach ports above"
                    + " 32767; install on a lower range to use it)");
        }
        out.println("Read API: curl -u '" + s.projects().get(name) + ":" + s.privateKey()
                + "' 'http://" + s.host() + ":" + s.httpPort() + s.prefix() + "/api/v1/" + name
                + "/metrics'");
        out.println("Clients sign the current time: run stati-net with TZ=UTC (it signs"
                + " mktime(utcnow())).");
        out.flush();
    }
}
