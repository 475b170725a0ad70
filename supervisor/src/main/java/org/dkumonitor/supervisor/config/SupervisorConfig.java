package org.dkumonitor.supervisor.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dkumonitor.core.config.ConfigKey;
import org.dkumonitor.core.config.ConfigRules;
import org.dkumonitor.core.config.InvalidValueException;
import org.dkumonitor.core.config.YamlConfigLoader;

/**
 * conf/supervisor.yaml: the programs to run, started in the order listed, and how the
 * supervisor's own log, {@code run/supervisor.log}, rotates (supervisord's defaults: 50 MiB, 10
 * backups).
 */
public record SupervisorConfig(
        List<ProgramConfig> programs,
        @ConfigKey("logfile_maxbytes") Long logfileMaxbytes,
        @ConfigKey("logfile_backups") Integer logfileBackups) {

    public SupervisorConfig {
        programs = programs == null ? List.of() : List.copyOf(programs);
        logfileMaxbytes = logfileMaxbytes == null ? 50L * 1024 * 1024
                : ConfigRules.between("logfile_maxbytes", logfileMaxbytes, 0, Long.MAX_VALUE);
        logfileBackups = logfileBackups == null ? 10
                : ConfigRules.between("logfile_backups", logfileBackups, 0, 1000);
        Set<String> names = new HashSet<>();
        for (ProgramConfig program : programs) {
            if (!names.add(program.name())) {
                throw new InvalidValueException("programs", "names must be unique",
                        program.name());
            }
        }
        for (ProgramConfig program : programs) {
            for (String dependency : program.dependsOn()) {
                if (!names.contains(dependency)) {
                    throw new InvalidValueException("programs",
                            "depends_on of " + program.name() + " names no program", dependency);
                }
            }
        }
    }

    public static SupervisorConfig load(Path file) {
        return YamlConfigLoader.load(file, SupervisorConfig.class);
    }
}
