package org.dkumonitor.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dkumonitor.supervisor.config.ProgramConfig;

/**
 * What an edited supervisor.yaml changes, program by program, as supervisord's reread sees it:
 * a program is changed when any of its keys is (configs are records, compared whole), and
 * programs whose config is the same are not touched by update.
 */
public record ConfigDiff(List<ProgramConfig> added, List<ProgramConfig> changed,
        List<String> removed) {

    public ConfigDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    static ConfigDiff of(List<ProgramConfig> before, List<ProgramConfig> after) {
        Map<String, ProgramConfig> old = before.stream()
                .collect(Collectors.toMap(ProgramConfig::name, Function.identity()));
        Set<String> kept = after.stream().map(ProgramConfig::name).collect(Collectors.toSet());
        List<ProgramConfig> added = new ArrayList<>();
        List<ProgramConfig> changed = new ArrayList<>();
        for (ProgramConfig config : after) {
            ProgramConfig previous = old.get(config.name());
            if (previous == null) {
                added.add(config);
            } else if (!previous.equals(config)) {
                changed.add(config);
            }
        }
        List<String> removed = before.stream().map(ProgramConfig::name)
                .filter(name -> !kept.contains(name)).toList();
        return new ConfigDiff(added, changed, removed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }

    /** supervisorctl reread's lines. */
    public List<String> lines() {
        if (isEmpty()) {
            return List.of("No config updates to processes");
        }
        List<String> lines = new ArrayList<>();
        added.forEach(config -> lines.add(config.name() + ": available"));
        changed.forEach(config -> lines.add(config.name() + ": changed"));
        removed.forEach(name -> lines.add(name + ": disappeared"));
        return lines;
    }
}
