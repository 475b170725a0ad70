package org.dkumonitor.core.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dkumonitor.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CarbonSenderTest {

    private static final int LINES_PER_BATCH = 20;

    @TempDir
    Path spoolDirectory;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private LineServer server() throws IOException, InterruptedException {
        LineServer server = new LineServer().start();
        toClose.add(server);
        return server;
    }

    private CarbonSender sender(int port, long spoolMaxBytes) {
        CarbonSender sender = new CarbonSender("127.0.0.1", port, spoolDirectory,
                new CarbonSender.Settings(2, spoolMaxBytes, Duration.ofSeconds(2),
                        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)),
                SpoolTest.LOG);
        toClose.add(sender);
        return sender;
    }

    /** Batch n: 20 lines, every line unique, so order and loss are visible. */
    private static String batch(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES_PER_BATCH; i++) {
            text.append("collectd.vm.m").append(i).append(' ').append(n).append(' ')
                    .append(1_700_000_000L + 10L * n).append('\n');
        }
        return text.toString();
    }

    private static List<String> lines(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int n = from; n < to; n++) {
            lines.addAll(batch(n).lines().toList());
        }
        return lines;
    }

    /** The lines in the order of their first arrival. */
    private static List<String> distinct(List<String> lines) {
        return new ArrayList<>(new LinkedHashSet<>(lines));
    }

    @Test
    void sendsEveryLineInOrder() throws Exception {
        LineServer server = server();
        CarbonSender sender = sender(server.port(), 1_000_000);
        sender.start();
        for (int n = 0; n < 50; n++) {
            sender.send(batch(n));
        }
        await("all lines arrive", () -> server.lines().size() == 50 * LINES_PER_BATCH);
        assertEquals(lines(0, 50), server.lines());
        // the sender counts a batch once its write returned, which may be after it arrived
        await("the sender counts them", () -> sender.sentLines() == 50L * LINES_PER_BATCH);
        assertEquals(0, sender.droppedLines());
    }

    @Test
    void aServerDownForTenMinutesLosesNoPointAndKeepsTheOrder() throws Exception {
        LineServer server = server();
        CarbonSender sender = sender(server.port(), 10_000_000);
        sender.start();
        for (int n = 0; n < 5; n++) {
            sender.send(batch(n));
        }
        await("the first batches arrive", () -> server.lines().size() == 5 * LINES_PER_BATCH);
        server.stop();
        // ten minutes of 10 s rounds while the server is away
        for (int n = 5; n < 65; n++) {
            sender.send(batch(n));
        }
        await("the sender spools", () -> sender.spooledLines() > 0);
        assertTrue(Files.list(spoolDirectory).count() > 0, "spool files on disk");
        server.start();
        for (int n = 65; n < 70; n++) {
            sender.send(batch(n));
        }
        await("every line arrives",
                () -> distinct(server.lines()).size() == 70 * LINES_PER_BATCH);
        // a batch written into the closing connection may arrive twice, never out of order
        assertEquals(lines(0, 70), distinct(server.lines()));
        assertEquals(0, sender.droppedLines());
        await("the spool empties", () -> sender.queuedLines() == 0);
        assertEquals(0, Files.list(spoolDirectory).count());
    }

    @Test
    void aProducerThatWaitsForRoomLeavesASlotForTheCollectionRounds() throws Exception {
        LineServer server = server();
        CarbonSender sender = new CarbonSender("127.0.0.1", server.port(), spoolDirectory,
                new CarbonSender.Settings(3, 1_000_000, Duration.ofSeconds(2),
                        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)),
                SpoolTest.LOG);
        toClose.add(sender);
        // not started: nothing leaves the memory queue
        assertTrue(sender.awaitRoom(10));
        sender.send(batch(0).getBytes(StandardCharsets.UTF_8), LINES_PER_BATCH);
        assertTrue(sender.awaitRoom(10));
        sender.send(batch(1).getBytes(StandardCharsets.UTF_8), LINES_PER_BATCH);
        assertFalse(sender.awaitRoom(10), "the last slot is the rounds'");
        sender.send(batch(2));
        assertEquals(0, sender.spooledLines(), "the round found its slot in memory");
        sender.start();
        await("all lines arrive", () -> server.lines().size() == 3 * LINES_PER_BATCH);
        assertEquals(lines(0, 3), server.lines());
        assertTrue(sender.awaitRoom(10));
    }

    @Test
    void aProducerDoesNotWaitForRoomWhileTheDestinationIsAway() throws Exception {
        LineServer server = server();
        int port = server.port();
        server.stop();
        CarbonSender sender = sender(port, 1_000_000);
        sender.start();
        for (int n = 0; n < 4; n++) {
            sender.send(batch(n));
        }
        await("the sender spools", () -> sender.spooledLines() > 0);
        long started = System.nanoTime();
        for (int chunk = 0; chunk < 20; chunk++) {
            assertFalse(sender.awaitRoom(2000));
        }
        assertTrue(System.nanoTime() - started < 2_000_000_000L,
                "a flush of 20 chunks waited for each of them");
    }

    @Test
    void aFullSpoolDropsTheOldestSpooledBatchesAndCountsThem() throws Exception {
        LineServer server = server();
        int port = server.port();
        server.stop();
        CarbonSender sender = sender(port, 3L * batch(0).length());
        sender.start();
        for (int n = 0; n < 10; n++) {
            sender.send(batch(n));
        }
        // 2 in memory (0, 1), 3 kept in the spool (7, 8, 9), 5 dropped (2 to 6)
        assertEquals(5L * LINES_PER_BATCH, sender.droppedLines());
        server.start();
        await("the kept lines arrive", () -> server.lines().size() == 5 * LINES_PER_BATCH);
        List<String> expected = new ArrayList<>(lines(0, 2));
        expected.addAll(lines(7, 10));
        assertEquals(expected, server.lines());
    }

    @Test
    void aSlowServerNeverBlocksTheCallerAndGetsEverythingInOrderWhenItCatchesUp()
            throws Exception {
        LineServer server = server();
        server.pauseReading();
        CarbonSender sender = sender(server.port(), 100_000_000);
        sender.start();
        String big = "x".repeat(60_000);
        int batches = 300; // 18 MB: far more than the socket buffers hold
        for (int n = 0; n < batches; n++) {
            sender.send("big." + n + " " + n + " 1700000000 " + big + "\n");
        }
        assertTrue(sender.spooledLines() > 0, "a stalled server pushes batches to the spool");
        server.resumeReading();
        await("everything arrives", () -> server.lines().size() == batches);
        List<String> received = server.lines();
        for (int n = 0; n < batches; n++) {
            assertTrue(received.get(n).startsWith("big." + n + " "), "line " + n + " in order");
        }
    }

    @Test
    void pointsStillQueuedAtCloseAreSentByTheNextStart() throws Exception {
        LineServer server = server();
        int port = server.port();
        server.stop();
        CarbonSender first = sender(port, 1_000_000);
        first.start();
        for (int n = 0; n < 6; n++) {
            first.send(batch(n));
        }
        first.close();
        server.start();
        CarbonSender second = sender(port, 1_000_000);
        second.start();
        second.send(batch(6));
        await("every line arrives", () -> server.lines().size() == 7 * LINES_PER_BATCH);
        assertEquals(lines(0, 7), server.lines());
    }

    @Test
    void anUnwritableSpoolDirectoryCountsDropsAndKeepsRunning() throws Exception {
        LineServer server = server();
        int port = server.port();
        server.stop();
        Path notADirectory = spoolDirectory.resolve("blocked");
        Files.writeString(notADirectory, "x");
        CarbonSender sender = new CarbonSender("127.0.0.1", port, notADirectory,
                new CarbonSender.Settings(1, 1_000_000, Duration.ofSeconds(2),
                        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(200)),
                SpoolTest.LOG);
        toClose.add(sender);
        sender.start();
        for (int n = 0; n < 4; n++) {
            sender.send(batch(n));
        }
        assertEquals(3L * LINES_PER_BATCH, sender.droppedLines());
        server.start();
        await("the batch kept in memory arrives",
                () -> server.lines().size() == LINES_PER_BATCH);
        assertEquals(lines(0, 1), server.lines());
    }

    /** Waits for what the sender's thread does; spooling to disk can take a while on CI. */
    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), condition);
    }
}
