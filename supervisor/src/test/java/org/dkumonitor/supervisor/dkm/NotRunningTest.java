package org.dkumonitor.supervisor.dkm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.core.layout.DataDir;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * When no supervisor answers, dkm returns supervisorctl's codes (transcript sections 16 and 17)
 * and says so on stderr, whether the socket file is missing or stale.
 */
class NotRunningTest {

    @TempDir
    Path root;

    @ParameterizedTest(name = "dkm {0}: exit {1}")
    @CsvSource({
        "status, 4",
        "status sleeper, 4",
        "stop sleeper, 7",
        "restart sleeper, 7",
        "pid, 7",
        "shutdown, 1",
    })
    void returnsSupervisorctlsCodeWhenNoSocketFileExists(String args, int code) {
        assertNotRunning(args, code, "no such file");
    }

    @ParameterizedTest(name = "dkm {0}: exit {1}")
    @CsvSource({
        "status, 4",
        "pid, 7",
        "shutdown, 1",
    })
    void returnsSupervisorctlsCodeWhenTheSocketIsStale(String args, int code)
            throws IOException {
        Path socket = new DataDir(root).supervisorSocket();
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a UNIX socket leaves its file behind");

        assertNotRunning(args, code, "refused connection");
    }

    @ParameterizedTest(name = "dkm stop with no name when stopped")
    @CsvSource("stop")
    void stopWithNoNameSucceedsWhenAlreadyStopped(String args) {
        StringWriter out = new StringWriter();
        assertEquals(0, dkm(args, out, new StringWriter()));
        assertEquals("The supervisor is not running", out.toString().strip());
    }

    private void assertNotRunning(String args, int code, String why) {
        StringWriter err = new StringWriter();
        assertEquals(code, dkm(args, new StringWriter(), err));
        assertTrue(err.toString().contains("the supervisor is not running"), err.toString());
        assertTrue(err.toString().contains(why), err.toString());
    }

    private int dkm(String args, StringWriter out, StringWriter err) {
        CommandLine dkm = CommandLines.create(new DkmCommand());
        dkm.setOut(new PrintWriter(out, true));
        dkm.setErr(new PrintWriter(err, true));
        List<String> argv = new ArrayList<>(List.of("--data-dir", root.toString()));
        argv.addAll(Arrays.asList(args.split(" ")));
        return dkm.execute(argv.toArray(String[]::new));
    }
}
