package org.dkumonitor.core.tap;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link TapServer} opened only once somebody asks for it: {@code dkmadmin tap} leaves a
 * request file ({@code DataDir.tapRequest}) and waits for the socket; the program looks for the
 * file when it has a moment (the agent: after each collection round, so no thread wakes for it)
 * and then opens the socket, which stays open. Until then there is no socket, no thread and
 * none of what a Unix-domain socket brings into the JVM: its first use seeds a SecureRandom,
 * which loads the JDK's security providers (about 1.2 MiB of the agent's RSS with the socket's
 * thread).
 */
public final class TapOnRequest implements Closeable {

    private final Path socket;
    private final File request;
    private final List<LineTap> taps;
    private TapServer server;

    /** Removes a socket a previous run left, so that no tapper connects to nobody. */
    public TapOnRequest(Path socket, Path request, List<LineTap> taps) throws IOException {
        this.socket = socket;
        this.request = request.toFile();
        this.taps = List.copyOf(taps);
        Files.deleteIfExists(socket);
    }

    /**
     * Opens the socket when a request waits (and removes the request); true when it did. A
     * socket that cannot be opened throws; the request is gone, so the next tap asks again.
     */
    public synchronized boolean openIfRequested() throws IOException {
        if (server != null || !request.exists()) {
            return false;
        }
        if (!request.delete()) {
            throw new IOException("cannot remove " + request + " (its directory is not"
                    + " writable?)");
        }
        server = TapServer.start(socket, taps);
        return true;
    }

    public synchronized boolean isOpen() {
        return server != null;
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
