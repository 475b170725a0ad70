package org.dkumonitor.supervisor.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** dkm's side of the control socket: one request, one response. */
public final class ControlClient {

    private final Path socketPath;

    public ControlClient(Path socketPath) {
        this.socketPath = socketPath;
    }

    /** Sends a request; throws {@link NotRunningException} when no supervisor answers. */
    public ControlResponse send(ControlRequest request) {
        if (!Files.exists(socketPath)) {
            throw new NotRunningException(socketPath + " no such file");
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socketPath));
            } catch (IOException e) {
                throw new NotRunningException(socketPath + " refused connection");
            }
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(ControlProtocol.encode(request));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(
                    Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new ControlException("the supervisor closed the connection without an"
                        + " answer; see its log");
            }
            return ControlProtocol.decodeResponse(line);
        } catch (IOException e) {
            throw new ControlException("control socket " + socketPath + ": " + e.getMessage(), e);
        }
    }

    /** No supervisor listens on the socket. */
    public static final class NotRunningException extends org.dkumonitor.core.DkmException {
        public NotRunningException(String message) {
            super(message);
        }
    }
}
