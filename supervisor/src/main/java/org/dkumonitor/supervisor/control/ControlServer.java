package org.dkumonitor.supervisor.control;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Listens on the supervisor's UNIX domain socket (mode 0600: only the install's owner may drive
 * it) and answers each connection's one request on a virtual thread.
 */
public final class ControlServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(ControlServer.class.getName());
    private static final long CONNECTION_STACK_BYTES = 256 * 1024;

    private final Path socketPath;
    private final ServerSocketChannel channel;
    private final Function<ControlRequest, ControlResponse> handler;

    public ControlServer(Path socketPath, Function<ControlRequest, ControlResponse> handler)
            throws IOException {
        this.socketPath = socketPath;
        this.handler = handler;
        // we hold the supervisor lock, so a socket file left here is stale
        Files.deleteIfExists(socketPath);
        channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(socketPath));
        Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
    }

    public void start() {
        Thread.ofPlatform().name("control-accept").daemon().start(this::acceptLoop);
        LOG.info("control socket listening at " + socketPath);
    }

    private void acceptLoop() {
        while (channel.isOpen()) {
            try {
                SocketChannel connection = channel.accept();
                // a short-lived platform thread: dkm connects rarely, and virtual threads would
                // keep a carrier pool and an I/O poller alive in an otherwise idle daemon
                Thread.ofPlatform().name("control").daemon().stackSize(CONNECTION_STACK_BYTES)
                        .start(() -> serve(connection));
            } catch (IOException e) {
                if (channel.isOpen()) {
                    LOG.warning("control socket accept failed: " + e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection;
                BufferedReader in = new BufferedReader(new InputStreamReader(
                        Channels.newInputStream(connection), StandardCharsets.UTF_8));
                OutputStream out = Channels.newOutputStream(connection)) {
            String line = in.readLine();
            if (line == null) {
                return;
            }
            ControlResponse response;
            try {
                response = handler.apply(ControlProtocol.decodeRequest(line));
            } catch (ControlException e) {
                response = new ControlResponse(null, java.util.List.of("ERROR: " + e.getMessage()),
                        2, ProcessHandle.current().pid());
            }
            out.write(ControlProtocol.encode(response).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.fine(() -> "control connection ended: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(socketPath);
    }
}
