package org.dkumonitor.installer.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.config.ConfigException;
import org.dkumonitor.core.config.PlainYaml;
import org.dkumonitor.core.config.YamlNode;
import org.dkumonitor.core.layout.DataDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dkmadmin tap statsd|carbon [-n N]}: the next N lines received on a listener, as
 * received, read from the program that serves it through its tap socket
 * ({@code run/agent.sock}, {@code run/server.sock}); no root and no packet capture needed.
 * The agent opens its socket only when asked (it keeps its memory small: core's
 * {@code TapOnRequest}): where there is none, the command leaves a request and waits for the
 * agent's next collection round to open it.
 */
@Command(name = "tap", description = {"Print the next N lines received on the StatsD or the"
        + " carbon plaintext listener, as received (like ngrep on the port, without root).",
    "StatsD is read from the agent when it serves it, else from the server."},
        footer = {"", "Exit codes: 0 printed N lines; 1 no running program serves that"
                + " listener, or it went away."})
final class TapCommand implements Callable<Integer> {

    /** The agent looks for a request after each round: 10 s apart by default. */
    private static final long AGENT_WAIT_NANOS = 65_000_000_000L;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "LISTENER", description = "statsd or carbon")
    private String listener;

    @Option(names = "-n", paramLabel = "N", defaultValue = "10",
            description = "How many lines to print (default: ${DEFAULT-VALUE}).")
    private long count;

    @Override
    public Integer call() throws IOException {
        if (!listener.equals("statsd") && !listener.equals("carbon")) {
            throw new DkmException("unknown listener '" + listener + "': tap statsd or carbon");
        }
        if (count < 1) {
            throw new DkmException("-n must be at least 1, found " + count);
        }
        DataDir dataDir = new DataDir(Path.of(DkmAdminCommand.required("DKM_DATA_DIR")));
        List<String> programs = listener.equals("statsd") ? List.of("agent", "server")
                : List.of("server");
        StringBuilder refusals = new StringBuilder();
        for (String program : programs) {
            Path socket = dataDir.tapSocket(program);
            if (!Files.exists(socket) && program.equals("agent")
                    && agentServesStatsd(dataDir.confFile("agent.yaml"))) {
                String refused = askAgent(dataDir, spec.commandLine().getErr());
                if (refused != null) {
                    refusals.append("; agent: ").append(refused);
                }
            }
            if (!Files.exists(socket)) {
                continue;
            }
            try (SocketChannel channel = connect(socket)) {
                channel.write(ByteBuffer.wrap(("tap " + listener + " " + count + "\n")
                        .getBytes(StandardCharsets.UTF_8)));
                String refused = stream(channel, spec.commandLine().getOut(),
                        spec.commandLine().getErr());
                if (refused == null) {
                    return 0;
                }
                refusals.append("; ").append(program).append(": ").append(refused);
            } catch (IOException e) {
                refusals.append("; ").append(program).append(": ").append(e.getMessage());
            }
        }
        throw new DkmException("no running program serves " + listener + " here"
                + (refusals.length() == 0 ? " (no tap socket in " + dataDir.run() + ": is it"
                + " running? dkm status)" : refusals)
                + (listener.equals("statsd") ? "; StatsD is served when conf/agent.yaml (or"
                + " conf/server.yaml without an agent) has a statsd: section" : ""));
    }

    /** Whether agent.yaml has a statsd: section (the agent taps nothing else). */
    private static boolean agentServesStatsd(Path conf) throws IOException {
        if (!Files.exists(conf)) {
            return false;
        }
        try {
            YamlNode root = PlainYaml.compose("agent.yaml", Files.readString(conf));
            if (root instanceof YamlNode.Mapping mapping) {
                for (YamlNode.Entry entry : mapping.entries()) {
                    if (entry.key() instanceof YamlNode.Scalar key && key.value().equals("statsd")
                            && entry.value() instanceof YamlNode.Mapping) {
                        return true;
                    }
                }
            }
            return false;
        } catch (ConfigException e) {
            return false;  // the agent does not run with it either
        }
    }

    /**
     * Leaves the agent a request to open its tap socket and waits for it; null once it is
     * there, else why not (the request is then withdrawn).
     */
    private static String askAgent(DataDir dataDir, PrintWriter err) throws IOException {
        Path request = dataDir.tapRequest("agent");
        Path socket = dataDir.tapSocket("agent");
        Files.writeString(request, "tap\n");
        err.println("asking the agent to open its tap socket; it looks after each collection"
                + " round (intervalSeconds in conf/agent.yaml, 10 s by default)...");
        err.flush();
        long deadline = System.nanoTime() + AGENT_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            if (Files.exists(socket)) {
                return null;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Files.deleteIfExists(request);
        return "did not open its tap socket within " + (AGENT_WAIT_NANOS / 1_000_000_000L)
                + " s (is it running? dkm status; is its intervalSeconds longer?)";
    }

    /** Connects, once more after a moment if the socket was there but not yet listening. */
    private static SocketChannel connect(Path socket) throws IOException {
        for (int attempt = 0; ; attempt++) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            } catch (IOException e) {
                channel.close();
                if (attempt >= 10) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Prints the lines; null when all were printed, else why the program refused. */
    private static String stream(SocketChannel channel, PrintWriter out, PrintWriter err)
            throws IOException {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                Channels.newInputStream(channel), StandardCharsets.UTF_8));
        String first = in.readLine();
        if (first == null) {
            return "closed the connection";
        }
        if (first.startsWith("-")) {
            return first.substring(1);
        }
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith(" ")) {
                out.println(line.substring(1));
                out.flush();
            } else if (line.startsWith("!lost ")) {
                err.println("(" + line.substring(6) + " lines were received too fast to show)");
                err.flush();
            }
        }
        return null;
    }
}
