package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream port's limits: connections at once, and how long one may sit idle. */
class StreamLimitsTest {

    @TempDir
    Path root;

    @Test
    void refusesConnectionsOverTheLimitAndClosesIdleOnes() throws Exception {
        GottwallConfig keys = new GottwallConfig("k", Map.of("p", "pk")).withStream(
                new GottwallConfig.Stream("127.0.0.1", 0, false, 2, 1, null));
        try (GottwallHarness server = new GottwallHarness(root, keys, InstantSource.system());
                Socket first = new Socket(InetAddress.getLoopbackAddress(),
                        server.server.gottwallStreamPort());
                Socket second = new Socket(InetAddress.getLoopbackAddress(),
                        server.server.gottwallStreamPort())) {
            first.getOutputStream().write("GottWallS2 1 2".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(200); // both are being served
            try (Socket third = new Socket(InetAddress.getLoopbackAddress(),
                    server.server.gottwallStreamPort())) {
                third.setSoTimeout(5000);
                assertEquals("FAIL", new String(third.getInputStream().readAllBytes(),
                        StandardCharsets.US_ASCII));
            }
            assertEquals(1, server.stats().refusedConnections());
            // an authenticated stream that sends nothing is closed after idleTimeoutSeconds
            second.setSoTimeout(10_000);
            long start = System.nanoTime();
            String s2 = "GottWallS2 " + System.currentTimeMillis() / 1000;
            assertEquals(-1, readAfterHandshake(second, s2));
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(true, seconds >= 1 && seconds < 8, seconds + " s");
        }
    }

    /** Authenticates, then waits: what the server sends once it gives up on the idle stream. */
    private static int readAfterHandshake(Socket socket, String prefix) throws Exception {
        long ts = Long.parseLong(prefix.substring("GottWallS2 ".length()));
        String header = prefix + " " + Signature.sign("k".getBytes(StandardCharsets.UTF_8),
                "pk", Signature.floorSolt(ts, 1000)) + " 1000 p--stream-auth--";
        socket.getOutputStream().write(header.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        assertEquals("OK", new String(in.readNBytes(2), StandardCharsets.US_ASCII));
        return in.read();
    }
}
