package org.dkumonitor.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.config.ConfigException;
import org.dkumonitor.core.config.ConfigMapping;
import org.dkumonitor.core.config.InvalidValueException;
import org.dkumonitor.core.config.PlainYaml;
import org.dkumonitor.statsd.StatsdConfig;
import org.dkumonitor.statsd.StatsdConfigMapping;

/**
 * Reads {@code conf/agent.yaml} into an {@link AgentConfig} through core's {@link ConfigMapping}
 * (file:line:col, key path, rule and value in every message), calling the records' constructors
 * itself. Other programs let core bind their records by reflection, from SnakeYAML's reading;
 * the agent does neither: it runs for ever on every monitored host, and reflection's
 * method-handle machinery or SnakeYAML's classes would stay loaded in it (issue 6: every class
 * the agent loads is resident for its lifetime). Core's {@link PlainYaml} reads the subset of
 * YAML the installer writes.
 */
public final class AgentConfigFile {

    private static final List<String> AGENT_KEYS = List.of("hostname", "intervalSeconds",
            "prefix", "destinations", "spoolMaxMegabytes", "processes", "files", "statsd");
    private static final List<String> DESTINATION_KEYS = List.of("host", "port");
    private static final List<String> PROCESS_KEYS = List.of("name", "regex");
    private static final List<String> FILES_KEYS = List.of("name", "glob");

    private AgentConfigFile() {
    }

    /** Reads and checks the file; a {@link ConfigException} names what is wrong and where. */
    static AgentConfig load(Path file) {
        return bind(PlainYaml.loadMapping(file, AGENT_KEYS));
    }

    /** Parses YAML text; {@code name} is what error messages call the file. */
    public static AgentConfig parse(String name, String yaml) {
        return bind(PlainYaml.parseMapping(name, yaml, AGENT_KEYS));
    }

    /** The file's keys. */
    public static List<String> keys() {
        return AGENT_KEYS;
    }

    /**
     * The config of a mapping read from agent.yaml, by whichever reader (the installer's tests
     * compare this reader's with SnakeYAML's).
     */
    public static AgentConfig bind(ConfigMapping f) {
        List<AgentConfig.Destination> destinations = null;
        List<ConfigMapping> items = f.mappings("destinations", DESTINATION_KEYS);
        if (items != null) {
            destinations = new ArrayList<>();
            for (ConfigMapping d : items) {
                try {
                    destinations.add(new AgentConfig.Destination(d.text("host"),
                            d.wholeNumber("port")));
                } catch (InvalidValueException e) {
                    throw d.located(e);
                }
            }
        }
        List<AgentConfig.Process> processes = null;
        items = f.mappings("processes", PROCESS_KEYS);
        if (items != null) {
            processes = new ArrayList<>();
            for (ConfigMapping p : items) {
                try {
                    processes.add(new AgentConfig.Process(p.text("name"), p.text("regex")));
                } catch (InvalidValueException e) {
                    throw p.located(e);
                }
            }
        }
        List<AgentConfig.Files> files = null;
        items = f.mappings("files", FILES_KEYS);
        if (items != null) {
            files = new ArrayList<>();
            for (ConfigMapping g : items) {
                try {
                    files.add(new AgentConfig.Files(g.text("name"), g.text("glob")));
                } catch (InvalidValueException e) {
                    throw g.located(e);
                }
            }
        }
        StatsdConfig statsd = StatsdConfigMapping.bind(
                f.mapping("statsd", StatsdConfigMapping.KEYS));
        try {
            return new AgentConfig(f.text("hostname"), f.wholeNumber("intervalSeconds"),
                    f.text("prefix"), destinations, f.wholeNumber("spoolMaxMegabytes"),
                    processes, files, statsd);
        } catch (InvalidValueException e) {
            throw f.located(e);
        }
    }
}
