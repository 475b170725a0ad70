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
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/**
 * dkm's side of the control socket: one request, one response. A socket this user may not open
 * (another user's install) is told apart from no supervisor at all: connecting needs write
 * permission on the socket and search permission on its directory, checked for the real user.
 */
public final class ControlClient {

    private final Path socketPath;
    private final Predicate<Path> mayConnect;

    public ControlClient(Path socketPath) {
        this(socketPath, Files::isWritable);
    }

    /** {@code mayConnect}: whether this user may open the socket (tests). */
    public ControlClient(Path socketPath, Predicate<Path> mayConnect) {
        this.socketPath = socketPath;
        this.mayConnect = mayConnect;
    }

    /**
     * Sends a request; throws {@link NotRunningException} when no supervisor answers and
     * {@link PermissionDeniedException} when this user may not ask it.
     */
    public ControlResponse send(ControlRequest request) {
        try {
            Files.readAttributes(socketPath, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NotRunningException(socketPath + " no such file");
        } catch (AccessDeniedException e) {
            throw denied(socketPath.getParent());
        } catch (IOException e) {
            throw new ControlException("control socket " + socketPath + ": " + e.getMessage(), e);
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socketPath));
            } catch (IOException e) {
                if (!mayConnect.test(socketPath)) {
                    throw denied(socketPath);
                }
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

    private PermissionDeniedException denied(Path file) {
        String owner;
        try {
            owner = Files.getOwner(file).getName();
        } catch (IOException | UnsupportedOperationException e) {
            owner = "its owner";
        }
        return new PermissionDeniedException("permission denied on " + file + " (owned by "
                + owner + "): run dkm as " + owner);
    }

    /** This user may not open the control socket: the install is another user's. */
    public static final class PermissionDeniedException
            extends org.dkumonitor.core.DkmException {

        /** EX_NOPERM of sysexits.h. */
        public static final int EXIT_CODE = 77;

        public PermissionDeniedException(String message) {
            super(message);
        }

        @Override
        public int exitCode() {
            return EXIT_CODE;
        }
    }

    /** No supervisor listens on the socket. */
    public static final class NotRunningException extends org.dkumonitor.core.DkmException {
        public NotRunningException(String message) {
            super(message);
        }
    }
}
