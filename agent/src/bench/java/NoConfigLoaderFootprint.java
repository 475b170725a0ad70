import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.dkumonitor.agent.AgentConfig;
import org.dkumonitor.agent.AgentMain;
import org.dkumonitor.agent.HostAgent;
import org.dkumonitor.agent.collect.Collector;
import org.dkumonitor.agent.collect.ProcFiles;
import org.dkumonitor.agent.send.CarbonSender;

/**
 * The agent without picocli and the YAML/Jackson config loader: the same collectors and sender,
 * configured in code. Compare its RSS and start-up CPU with AgentMain's (same JVM flags) to see
 * what the config and command-line libraries cost a long-running agent:
 *
 * <pre>
 * javac -d /tmp/nocl -cp "$CP" agent/src/bench/java/NoConfigLoaderFootprint.java
 * java $AGENT_JAVA_OPTS -cp "$CP:/tmp/nocl" NoConfigLoaderFootprint    # sends to 127.0.0.1:9
 * </pre>
 */
public class NoConfigLoaderFootprint {
    public static void main(String[] args) throws Exception {
        var collectors = AgentMain.class.getDeclaredMethod("collectors", AgentConfig.class,
                ProcFiles.class);
        collectors.setAccessible(true);
        AgentConfig config = new AgentConfig("vm", 10, "collectd",
                List.of(new AgentConfig.Destination("127.0.0.1", 9)), null, null, null);
        @SuppressWarnings("unchecked")
        List<Collector> list = (List<Collector>) collectors.invoke(null, config,
                ProcFiles.system());
        CarbonSender sender = new CarbonSender("127.0.0.1", 9,
                Path.of(System.getProperty("java.io.tmpdir"), "nocl-spool"),
                CarbonSender.Settings.defaults(1 << 20));
        new HostAgent("collectd.vm", list, List.of(sender), InstantSource.system()).start(10);
        Thread.sleep(Long.MAX_VALUE);
    }
}
