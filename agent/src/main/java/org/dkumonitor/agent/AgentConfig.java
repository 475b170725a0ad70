package org.dkumonitor.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dkumonitor.agent.collect.FileGlob;
import org.dkumonitor.agent.collect.ProcessGroup;
import org.dkumonitor.core.config.ConfigRules;
import org.dkumonitor.core.config.InvalidValueException;
import org.dkumonitor.statsd.StatsdConfig;

/**
 * conf/agent.yaml.
 *
 * <pre>
 * hostname: ""              # default: the FQDN reversed (web1.example.com: com.example.web1)
 * intervalSeconds: 10
 * prefix: collectd
 * destinations:
 *   - {host: 127.0.0.1, port: 2003}
 * spoolMaxMegabytes: 100    # per destination, under storage/spool/
 * processes:                # collectd's ProcessMatch groups (default: java and dss_backend)
 *   - {name: dss_backend, regex: ".*java -Ddku\\.backend .*"}
 * files:                    # backup monitoring: count, bytes, newest age and size per glob
 *   - {name: repo1, glob: "/backups/repo1/nightly-&#42;.tar.gz"}
 * statsd:                   # StatsD for this host's applications (absent: none); see
 *   port: 15005             # StatsdConfig for every key
 * </pre>
 */
public record AgentConfig(String hostname, Integer intervalSeconds, String prefix,
        List<Destination> destinations, Integer spoolMaxMegabytes, List<Process> processes,
        List<Files> files, StatsdConfig statsd) {

    /** The groups dkumonitor's collectd configuration shipped. */
    static final List<Process> DEFAULT_PROCESSES = List.of(
            new Process("java", "^(/[^ ]*/)?java( .*)?$"),
            new Process("dss_backend", ".*java -Ddku\\.backend .*"));

    public AgentConfig {
        hostname = hostname == null ? "" : hostname.strip();
        intervalSeconds = intervalSeconds == null ? 10
                : ConfigRules.between("intervalSeconds", intervalSeconds, 1, 3600);
        prefix = prefix == null ? "collectd" : prefix.strip();
        if (destinations == null || destinations.isEmpty()) {
            throw new InvalidValueException("destinations",
                    "must list at least one carbon server (host and port)", destinations);
        }
        destinations = List.copyOf(destinations);
        spoolMaxMegabytes = spoolMaxMegabytes == null ? 100
                : ConfigRules.between("spoolMaxMegabytes", spoolMaxMegabytes, 1, 1_000_000);
        processes = processes == null ? DEFAULT_PROCESSES : List.copyOf(processes);
        files = files == null ? List.of() : List.copyOf(files);
        Set<String> names = new HashSet<>();
        for (Process process : processes) {
            unique("processes", process.name(), names);
        }
        names.clear();
        for (Files watched : files) {
            unique("files", watched.name(), names);
        }
    }

    private static void unique(String key, String name, Set<String> seen) {
        if (!seen.add(name)) {
            throw new InvalidValueException(key, "names must be unique", name);
        }
    }

    public List<ProcessGroup> processGroups() {
        List<ProcessGroup> groups = new ArrayList<>(processes.size());
        for (Process process : processes) {
            groups.add(ProcessGroup.of(process.name(), process.regex()));
        }
        return List.copyOf(groups);
    }

    public List<FileGlob> fileGlobs() {
        List<FileGlob> globs = new ArrayList<>(files.size());
        for (Files watched : files) {
            globs.add(new FileGlob(watched.name(), watched.glob()));
        }
        return List.copyOf(globs);
    }

    /** A carbon plaintext receiver the agent sends to. */
    public record Destination(String host, Integer port) {

        public Destination {
            host = ConfigRules.notBlank("host", host);
            port = ConfigRules.port("port", ConfigRules.present("port", port));
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A named process group, as collectd's ProcessMatch: a regex on the command line. */
    public record Process(String name, String regex) {

        public Process {
            name = ConfigRules.notBlank("name", name).strip();
            ConfigRules.regex("regex", regex);
        }
    }

    /** A named glob of files to watch. */
    public record Files(String name, String glob) {

        public Files {
            name = ConfigRules.notBlank("name", name).strip();
            glob = ConfigRules.notBlank("glob", glob).strip();
            if (!glob.startsWith("/")) {
                throw new InvalidValueException("glob", "must be an absolute path", glob);
            }
        }
    }
}
