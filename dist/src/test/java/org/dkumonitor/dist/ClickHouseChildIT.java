package org.dkumonitor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.dkumonitor.testkit.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code installer --clickhouse local}: the supervisor runs Debian's clickhouse-server as the
 * install's child (config in conf/clickhouse, data in storage/clickhouse, the rollup written
 * from the storage rules at its start), the server creates carbon-clickhouse's tables and
 * stores a point sent over carbon there, render reads it back, dkmadmin clickhouse works, and
 * dkm stop leaves no ClickHouse behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ClickHouseChildIT {

    private static final Path SERVER = Path.of("/usr/sbin/clickhouse-server");
    private final HttpClient http = HttpClient.newHttpClient();
    private Path dataDir;

    @TempDir
    Path work;

    @Test
    void theSupervisorRunsALocalClickHouseThatTheServerStoresIn() throws Exception {
        assumeTrue(Files.isExecutable(SERVER), "Debian's clickhouse-server is not installed");
        Path bundle = Bundles.unpack(work, "bundle");
        dataDir = work.resolve("data");
        int port = TestPorts.range(10);
        Command install = Bundles.installer(bundle, "-d", dataDir.toString(), "-p",
                Integer.toString(port), "-t", "backend", "--clickhouse", "local",
                "--clickhouse-server-bin", SERVER.toString());
        assertEquals(0, install.exitCode(), install.toString());
        assertTrue(install.output().contains("storage  ClickHouse run here"), install.output());

        Command start = dkm("start");
        assertEquals(0, start.exitCode(), start.toString());
        Instant deadline = Instant.now().plusSeconds(60);
        Command status = dkm("status");
        while (!(status.output().matches("(?s)clickhouse +RUNNING.*server +RUNNING.*"))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            status = dkm("status");
        }
        assertTrue(status.output().matches("(?s)clickhouse +RUNNING.*server +RUNNING.*"),
                status.toString());
        assertTrue(Files.readString(dataDir.resolve("conf/clickhouse/config.d/"
                + "graphite_rollup.xml")).contains("<graphite_rollup>"));

        long now = System.currentTimeMillis() / 1000;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port + 1)) {
            OutputStream out = socket.getOutputStream();
            out.write(("e2e.clickhouse.point 42 " + now + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Properties credentials = new Properties();
        credentials.load(Files.newBufferedReader(dataDir.resolve("conf/clickhouse.credentials")));
        String stored = "";
        deadline = Instant.now().plusSeconds(60);
        while (!stored.equals("42") && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            stored = clickhouse(port + 8, credentials, "SELECT Value FROM default.graphite"
                    + " WHERE Path = 'e2e.clickhouse.point' FORMAT TSV");
        }
        assertEquals("42", stored, "the point reached the local ClickHouse");
        String render = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + (port + 2) + "/render?format=json&from=-5min&target=e2e.clickhouse.*"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(render.contains("[42.0,"), render);

        Command schema = dkmadmin("clickhouse", "schema");
        assertEquals(0, schema.exitCode(), schema.toString());
        assertTrue(schema.output().contains("ENGINE = GraphiteMergeTree('graphite_rollup')"));
        Command init = dkmadmin("clickhouse", "init");
        assertEquals(0, init.exitCode(), init.toString());
        assertTrue(init.output().contains("ClickHouse is ready"), init.toString());

        long pid = Long.parseLong(dkm("pid", "clickhouse").output().strip());
        Command stop = dkm("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        Instant gone = Instant.now().plusSeconds(60);
        while (alive(pid) && Instant.now().isBefore(gone)) {
            Thread.sleep(100);
        }
        assertFalse(alive(pid), "ClickHouse survived dkm stop");
    }

    private String clickhouse(int port, Properties credentials, String sql) throws Exception {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("X-ClickHouse-User", credentials.getProperty("user"))
                    .header("X-ClickHouse-Key", credentials.getProperty("password"))
                    .POST(HttpRequest.BodyPublishers.ofString(sql)).build(),
                    HttpResponse.BodyHandlers.ofString()).body().strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Runs before the temporary directory goes, so a failed test leaves nothing running. */
    @AfterAll
    void stopWhatIsLeft() throws Exception {
        if (dataDir != null && Files.exists(dataDir.resolve("run/supervisor.sock"))) {
            dkm("stop");
        }
    }

    private Command dkm(String... arguments) throws Exception {
        return run("bin/dkm", arguments);
    }

    private Command dkmadmin(String... arguments) throws Exception {
        return run("bin/dkmadmin", arguments);
    }

    private Command run(String launcher, String... arguments) throws Exception {
        String[] command = new String[arguments.length + 1];
        command[0] = dataDir.resolve(launcher).toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return Command.run(command);
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
