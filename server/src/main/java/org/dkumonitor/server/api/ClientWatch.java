package org.dkumonitor.server.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.dkumonitor.server.limits.Deadline;

/**
 * Stops a request whose client has gone: the JDK's HTTP server gives a handler no sign that
 * its client closed the connection, so a request that runs for more than
 * {@value #CHECK_AFTER_MILLIS} ms is looked up, every half second, in the kernel's table of
 * TCP sockets ({@code /proc/net/tcp} and {@code tcp6}): once the client has closed its side,
 * the server's socket is in CLOSE_WAIT; once it reset the connection, the socket is no longer
 * listed. Either way the request's {@link Deadline} is cancelled, and the work it was doing (a
 * tree walk, a render) stops at its next check, as it would at its timeout. Linux only;
 * elsewhere requests run to their timeout.
 */
final class ClientWatch {

    static final long CHECK_AFTER_MILLIS = 1_000;
    private static final long EVERY_MILLIS = 500;
    private static final String ESTABLISHED = "01";
    private static final String CLOSE_WAIT = "08";
    private static final Logger LOG = Logger.getLogger(ClientWatch.class.getName());

    /** A request's connection, by its ports: the server's and the client's. */
    private record Connection(int localPort, int remotePort) {
    }

    private record Watched(Deadline deadline, long since) {
    }

    private final Path procNet;
    private final long checkAfterNanos;
    private final boolean background;
    private final Map<Connection, Watched> running = new ConcurrentHashMap<>();
    private Thread thread;

    ClientWatch(Path procNet) {
        this(procNet, java.time.Duration.ofMillis(CHECK_AFTER_MILLIS), true);
    }

    /** {@code checkAfter}: how long a request runs before it is looked up (tests: 0). */
    ClientWatch(Path procNet, java.time.Duration checkAfter, boolean background) {
        this.procNet = procNet;
        this.checkAfterNanos = checkAfter.toNanos();
        this.background = background;
    }


    /** Watches the request until the returned action is run. */
    synchronized Runnable watch(InetSocketAddress local, InetSocketAddress remote,
            Deadline deadline) {
        if (!Files.isReadable(procNet.resolve("tcp"))) {
            return () -> { };
        }
        Connection key = new Connection(local.getPort(), remote.getPort());
        running.put(key, new Watched(deadline, System.nanoTime()));
        if (thread == null && background) {
            thread = Thread.ofPlatform().daemon().name("api-client-watch").start(this::loop);
        }
        return () -> running.remove(key);
    }

    private void loop() {
        while (true) {
            try {
                Thread.sleep(EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (!running.isEmpty()) {
                try {
                    check();
                } catch (IOException | RuntimeException e) {
                    LOG.fine(() -> "cannot read " + procNet + ": " + e);
                }
            }
        }
    }

    /** Cancels the requests, running long enough to be listed, whose client has gone. */
    void check() throws IOException {
        long now = System.nanoTime();
        Map<Connection, String> states = new java.util.HashMap<>();
        for (String table : new String[] {"tcp", "tcp6"}) {
            Path file = procNet.resolve(table);
            if (Files.isReadable(file)) {
                read(Files.readAllBytes(file), states);
            }
        }
        running.forEach((connection, watched) -> {
            if (now - watched.since() < checkAfterNanos) {
                return;
            }
            String state = states.get(connection);
            if (state == null || state.equals(CLOSE_WAIT)) {
                watched.deadline().cancel();
            }
        });
    }

    /**
     * Reads a table of proc(5)'s net/tcp: per line, after the slot, {@code local_address
     * rem_address st ...}, addresses as {@code HEXIP:HEXPORT}; keeps the watched ones.
     */
    private void read(byte[] table, Map<Connection, String> states) {
        String[] lines = new String(table, StandardCharsets.US_ASCII).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].trim().split("\\s+");
            if (fields.length < 4) {
                continue;
            }
            Connection connection = new Connection(port(fields[1]), port(fields[2]));
            if (running.containsKey(connection)) {
                // two sockets with these ports (clients of two hosts): alive if one is
                states.merge(connection, fields[3], (a, b) -> a.equals(ESTABLISHED) ? a : b);
            }
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }
}
