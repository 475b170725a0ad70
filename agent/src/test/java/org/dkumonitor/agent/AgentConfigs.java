package org.dkumonitor.agent;

import java.util.List;
import org.dkumonitor.agent.collect.Collector;
import org.dkumonitor.agent.collect.ProcFiles;

/** The agent's collectors with the default agent.yaml, on this host's /proc (tests, benches). */
public final class AgentConfigs {

    private AgentConfigs() {
    }

    public static AgentConfig defaults() {
        return AgentConfigFile.parse("agent.yaml",
                "destinations: [{host: 127.0.0.1, port: 2003}]\n");
    }

    public static List<Collector> defaultCollectors() {
        return AgentMain.collectors(defaults(), ProcFiles.system());
    }
}
