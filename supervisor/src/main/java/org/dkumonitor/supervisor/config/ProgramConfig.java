package org.dkumonitor.supervisor.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dkumonitor.core.config.ConfigKey;
import org.dkumonitor.core.config.ConfigRules;
import org.dkumonitor.core.config.InvalidValueException;

/**
 * One program of supervisor.yaml, with supervisord's keys and defaults. {@code ${NAME}} in the
 * command, directory and environment is replaced at start by the supervisor's environment,
 * where {@code DKM_HOME} is the bundle and {@code DKM_DATA_DIR} the data directory. Beyond
 * supervisord: {@code depends_on}, and {@code ready: signal}, with which the program is
 * RUNNING only once it has said it is ready (within {@code readywaitsecs}, else it has failed
 * to start), not merely after startsecs.
 */
public record ProgramConfig(
        String name,
        List<String> command,
        String directory,
        Map<String, String> environment,
        Boolean autostart,
        AutoRestart autorestart,
        List<Integer> exitcodes,
        Integer startsecs,
        Integer startretries,
        String stopsignal,
        Integer stopwaitsecs,
        @ConfigKey("redirect_stderr") Boolean redirectStderr,
        @ConfigKey("stdout_logfile") String stdoutLogfile,
        @ConfigKey("stdout_logfile_maxbytes") Long stdoutLogfileMaxbytes,
        @ConfigKey("stdout_logfile_backups") Integer stdoutLogfileBackups,
        @ConfigKey("depends_on") List<String> dependsOn,
        Readiness ready,
        Integer readywaitsecs) {

    static final Set<String> SIGNALS = Set.of("TERM", "HUP", "INT", "QUIT", "KILL", "USR1",
            "USR2");

    /** Without the readiness keys: supervisord's startsecs rule. */
    public ProgramConfig(String name, List<String> command, String directory,
            Map<String, String> environment, Boolean autostart, AutoRestart autorestart,
            List<Integer> exitcodes, Integer startsecs, Integer startretries, String stopsignal,
            Integer stopwaitsecs, Boolean redirectStderr, String stdoutLogfile,
            Long stdoutLogfileMaxbytes, Integer stdoutLogfileBackups, List<String> dependsOn) {
        this(name, command, directory, environment, autostart, autorestart, exitcodes,
                startsecs, startretries, stopsignal, stopwaitsecs, redirectStderr,
                stdoutLogfile, stdoutLogfileMaxbytes, stdoutLogfileBackups, dependsOn, null,
                null);
    }

    public ProgramConfig {
        name = ConfigRules.notBlank("name", name);
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new InvalidValueException("name",
                    "must be letters, digits, '_', '.' or '-'", name);
        }
        if (command == null || command.isEmpty() || command.get(0).isBlank()) {
            throw new InvalidValueException("command",
                    "must be a list: the executable, then its arguments", command);
        }
        command = List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        autostart = autostart == null || autostart;
        autorestart = autorestart == null ? AutoRestart.UNEXPECTED : autorestart;
        exitcodes = exitcodes == null || exitcodes.isEmpty() ? List.of(0) : List.copyOf(exitcodes);
        startsecs = startsecs == null ? 1 : ConfigRules.between("startsecs", startsecs, 0, 3600);
        startretries = startretries == null ? 3
                : ConfigRules.between("startretries", startretries, 0, 1000);
        stopsignal = stopsignal == null ? "TERM" : stopsignal.strip().toUpperCase();
        if (stopsignal.startsWith("SIG")) {
            stopsignal = stopsignal.substring(3);
        }
        if (!SIGNALS.contains(stopsignal)) {
            throw new InvalidValueException("stopsignal", "must be one of " + SIGNALS.stream()
                    .sorted().toList(), stopsignal);
        }
        stopwaitsecs = stopwaitsecs == null ? 10
                : ConfigRules.between("stopwaitsecs", stopwaitsecs, 0, 3600);
        redirectStderr = redirectStderr == null || redirectStderr;
        stdoutLogfileMaxbytes = stdoutLogfileMaxbytes == null ? 50L * 1024 * 1024
                : ConfigRules.between("stdout_logfile_maxbytes", stdoutLogfileMaxbytes, 0,
                        Long.MAX_VALUE);
        stdoutLogfileBackups = stdoutLogfileBackups == null ? 10
                : ConfigRules.between("stdout_logfile_backups", stdoutLogfileBackups, 0, 1000);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        ready = ready == null ? Readiness.STARTSECS : ready;
        readywaitsecs = readywaitsecs == null ? 300
                : ConfigRules.between("readywaitsecs", readywaitsecs, 1, 86_400);
    }
}
