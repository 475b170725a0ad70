package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dkumonitor.server.limits.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientWatchTest {

    private static final String HEAD = "  sl  local_address rem_address   st tx_queue rx_queue\n";

    /** A line of net/tcp for 127.0.0.1:local <-> 127.0.0.1:remote in state {@code st}. */
    private static String line(int local, int remote, String st) {
        return String.format("   0: 0100007F:%04X 0100007F:%04X %s 00000000:00000000 00:00000000"
                + " 00000000     0        0 1 1 0000000000000000 20 4 0 10 -1%n", local,
                remote, st);
    }

    @Test
    void cancelsARequestWhoseClientClosedOrResetItsConnection(@TempDir Path net)
            throws Exception {
        ClientWatch watch = new ClientWatch(net, Duration.ZERO, false);
        Files.writeString(net.resolve("tcp"), HEAD);
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 15002);
        Deadline open = Deadline.inSeconds(60);
        Deadline closed = Deadline.inSeconds(60);
        Deadline reset = Deadline.inSeconds(60);
        watch.watch(server, new InetSocketAddress("127.0.0.1", 40001), open);
        watch.watch(server, new InetSocketAddress("127.0.0.1", 40002), closed);
        Runnable done = watch.watch(server, new InetSocketAddress("127.0.0.1", 40003),
                reset);
        Files.writeString(net.resolve("tcp"), HEAD + line(15002, 40001, "01")
                + line(15002, 40002, "08") + line(15002, 40003, "01"));
        watch.check();
        assertFalse(open.expired());
        assertTrue(closed.expired(), "CLOSE_WAIT: the client has closed its side");
        assertFalse(reset.expired());
        Files.writeString(net.resolve("tcp"), HEAD + line(15002, 40001, "01"));
        watch.check();
        assertTrue(reset.expired(), "no longer listed: reset");
        assertFalse(open.expired());
        done.run();
    }
}
