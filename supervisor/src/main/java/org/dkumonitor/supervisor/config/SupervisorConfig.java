package org.dkumonitor.supervisor.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dkumonitor.core.config.InvalidValueException;
import org.dkumonitor.core.config.YamlConfigLoader;

/** conf/supervisor.yaml: the programs to run, started in the order listed. */
public record SupervisorConfig(List<ProgramConfig> programs) {

    public SupervisorConfig {
        programs = programs == null ? List.of() : List.copyOf(programs);
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
