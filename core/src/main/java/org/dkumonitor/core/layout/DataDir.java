package org.dkumonitor.core.layout;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The layout of an installed DATA_DIR, in one place so that the installer, the supervisor, dkm,
 * the server and the agent agree on it.
 *
 * <pre>
 * conf/     configuration (the user edits it; updates never touch it)
 * bin/      dkm, dkmadmin (links into the bundle), env
 * storage/  persistent data: whisper/, spool/, grafana/, events/
 * run/      pid files, control socket, logs, install.log
 * static/   link to the web assets served
 * </pre>
 */
public record DataDir(Path root) {

    public DataDir {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    public Path conf() {
        return root.resolve("conf");
    }

    public Path bin() {
        return root.resolve("bin");
    }

    public Path storage() {
        return root.resolve("storage");
    }

    public Path run() {
        return root.resolve("run");
    }

    public Path staticAssets() {
        return root.resolve("static");
    }

    /** The top-level directories the installer creates, in creation order. */
    public List<Path> topLevelDirectories() {
        return List.of(conf(), bin(), storage(), run(), staticAssets());
    }

    public Path confFile(String name) {
        return conf().resolve(name);
    }

    public Path whisper() {
        return storage().resolve("whisper");
    }

    public Path spool() {
        return storage().resolve("spool");
    }

    public Path envFile() {
        return bin().resolve("env");
    }

    public Path supervisorPidFile() {
        return run().resolve("supervisor.pid");
    }

    public Path supervisorLockFile() {
        return run().resolve("supervisor.lock");
    }

    public Path supervisorSocket() {
        return run().resolve("supervisor.sock");
    }

    public Path supervisorLog() {
        return run().resolve("supervisor.log");
    }

    public Path programLog(String program) {
        return run().resolve(program + ".log");
    }

    /** Where a program serves {@code dkmadmin tap} (a Unix-domain socket). */
    public Path tapSocket(String program) {
        return run().resolve(program + ".sock");
    }

    /**
     * What {@code dkmadmin tap} leaves for a program that opens its tap socket only when asked
     * (the agent: see core's {@code TapOnRequest}).
     */
    public Path tapRequest(String program) {
        return run().resolve(program + ".tap-request");
    }

    public Path installLog() {
        return run().resolve("install.log");
    }
}
