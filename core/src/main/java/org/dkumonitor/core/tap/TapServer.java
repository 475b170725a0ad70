package org.dkumonitor.core.tap;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A program's tap socket, {@code run/PROGRAM.sock}: a Unix-domain socket, so only this host's
 * users that may open the install's {@code run/} can reach it (nothing listens on the network).
 * {@code dkmadmin tap} sends one request line, {@code tap NAME N}; the answer is {@code +NAME}
 * then each line received on that listener, as received, prefixed with a space, until N lines
 * or the client leaves; {@code !lost K} when the tapper fell behind the ring; {@code -MESSAGE}
 * when there is no such listener here. At most {@value #MAX_CLIENTS} taps at once.
 */
public final class TapServer implements Closeable {

    static final int MAX_CLIENTS = 4;
    private static final int MAX_REQUEST = 256;

    private final Path path;
    private final List<LineTap> taps;
    private final ServerSocketChannel server;
    private final Object lock = new Object();
    private int clients;

    private TapServer(Path path, List<LineTap> taps) throws IOException {
        this.path = path;
        this.taps = List.copyOf(taps);
        Files.deleteIfExists(path);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
    }

    /** Binds {@code path} (replacing a stale socket) and serves from a daemon thread. */
    public static TapServer start(Path path, List<LineTap> taps) throws IOException {
        TapServer tap = new TapServer(path, taps);
        Thread thread = new Thread(null, new Runnable() {
            @Override
            public void run() {
                tap.acceptLoop();
            }
        }, "tap", 256 * 1024);
        thread.setDaemon(true);
        thread.start();
        return tap;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            synchronized (lock) {
                if (clients >= MAX_CLIENTS) {
                    reply(client, "-" + MAX_CLIENTS + " taps already run; try again later\n");
                    closeQuietly(client);
                    continue;
                }
                clients++;
            }
            Thread thread = new Thread(null, new Runnable() {
                @Override
                public void run() {
                    try {
                        serve(client);
                    } finally {
                        closeQuietly(client);
                        synchronized (lock) {
                            clients--;
                        }
                    }
                }
            }, "tap-client", 256 * 1024);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(SocketChannel client) {
        try {
            String[] words = request(client).trim().split(" ");
            long count;
            try {
                count = words.length == 3 && words[0].equals("tap") ? Long.parseLong(words[2])
                        : -1;
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1) {
                reply(client, "-bad request; send: tap NAME N\n");
                return;
            }
            LineTap tap = null;
            StringBuilder names = new StringBuilder();
            for (LineTap candidate : taps) {
                names.append(names.length() == 0 ? "" : ", ").append(candidate.name());
                if (candidate.name().equals(words[1])) {
                    tap = candidate;
                }
            }
            if (tap == null) {
                reply(client, "-no " + words[1] + " listener here (this program taps: "
                        + names + ")\n");
                return;
            }
            stream(client, tap, count);
        } catch (IOException | InterruptedException e) {
            // the client left
        }
    }

    private void stream(SocketChannel client, LineTap tap, long count)
            throws IOException, InterruptedException {
        write(client, ByteBuffer.wrap(("+" + tap.name() + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        client.configureBlocking(false);
        ByteBuffer probe = ByteBuffer.allocate(64);
        try (LineTap.Reader reader = tap.open()) {
            long sent = 0;
            while (sent < count) {
                byte[] line = reader.next(1000);
                long lost = reader.lost();
                if (lost > 0) {
                    write(client, ByteBuffer.wrap(("!lost " + lost + "\n")
                            .getBytes(StandardCharsets.UTF_8)));
                }
                if (line == null) {
                    probe.clear();
                    if (client.read(probe) < 0) {
                        return;
                    }
                    continue;
                }
                ByteBuffer out = ByteBuffer.allocate(line.length + 2);
                out.put((byte) ' ').put(line).put((byte) '\n').flip();
                write(client, out);
                sent++;
            }
        }
    }

    private static String request(SocketChannel client) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST);
        while (in.hasRemaining()) {
            if (client.read(in) < 0) {
                break;
            }
            byte[] seen = in.array();
            for (int i = 0; i < in.position(); i++) {
                if (seen[i] == '\n') {
                    return new String(seen, 0, i, StandardCharsets.UTF_8);
                }
            }
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
    }

    private static void write(SocketChannel client, ByteBuffer out)
            throws IOException, InterruptedException {
        while (out.hasRemaining()) {
            if (client.write(out) == 0) {
                Thread.sleep(1);
            }
        }
    }

    private static void reply(SocketChannel client, String text) {
        try {
            write(client, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | InterruptedException e) {
            // the client left
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
