package org.dkumonitor.supervisor.dkm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dkumonitor.cli.CommandLines;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.supervisor.control.ControlResponse;
import org.dkumonitor.supervisor.control.ControlServer;
import org.dkumonitor.supervisor.program.ProgramStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class QuickStatusTest {

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"status", "status a", "status a nosuch", "status all"})
    void printsAndReturnsWhatThePicocliCommandDoes(String args) throws IOException {
        Files.createDirectories(new DataDir(root).run());
        try (ControlServer server = new ControlServer(new DataDir(root).supervisorSocket(),
                request -> new ControlResponse(List.of(new ProgramStatus("a", "RUNNING", 7, 3,
                        "pid 7, uptime 0:00:03", "/a.log")), request.names().contains("nosuch")
                        ? List.of("nosuch: ERROR (no such process)") : List.of(),
                        request.names().contains("nosuch") ? 4 : 0, 1))) {
            server.start();
            assertEquals(picocli(args), quick(args));
        }
    }

    @Test
    void returnsTheSameWhenNoSupervisorRuns() {
        assertEquals(picocli("status"), quick("status"));
    }

    @Test
    void leavesEveryOtherFormToPicocli() {
        String dataDir = root.toString();
        assertTrue(QuickStatus.handles(new String[] {"status", "a", "b"}, dataDir));
        assertFalse(QuickStatus.handles(new String[] {"status", "--json"}, dataDir));
        assertFalse(QuickStatus.handles(new String[] {"status", "-h"}, dataDir));
        assertFalse(QuickStatus.handles(new String[] {"status", "@file"}, dataDir));
        assertFalse(QuickStatus.handles(new String[] {"pid"}, dataDir));
        assertFalse(QuickStatus.handles(new String[] {"--data-dir", "x", "status"}, dataDir));
        assertFalse(QuickStatus.handles(new String[] {"status"}, null));
        assertFalse(QuickStatus.handles(new String[] {}, dataDir));
    }

    private record Run(String out, String err, int code) {
    }

    private Run quick(String args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = QuickStatus.run(args.split(" "), root.toString(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Run(out.toString(), err.toString(), code);
    }

    private Run picocli(String args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine dkm = CommandLines.create(new DkmCommand());
        dkm.setOut(new PrintWriter(out, true));
        dkm.setErr(new PrintWriter(err, true));
        List<String> argv = new ArrayList<>(List.of("--data-dir", root.toString()));
        argv.addAll(Arrays.asList(args.split(" ")));
        int code = dkm.execute(argv.toArray(String[]::new));
        return new Run(out.toString(), err.toString(), code);
    }
}
