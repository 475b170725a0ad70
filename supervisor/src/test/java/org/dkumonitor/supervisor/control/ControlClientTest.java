package org.dkumonitor.supervisor.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A socket this user may not open is told apart from no supervisor at all. */
class ControlClientTest {

    @TempDir
    Path dir;

    @Test
    void aSocketThisUserMayNotOpenIsPermissionDeniedNamingItsOwner() throws Exception {
        Path socket = dir.resolve("supervisor.sock");
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(socket));
        }
        String owner = Files.getOwner(socket).getName();
        ControlClient.PermissionDeniedException denied = assertThrows(
                ControlClient.PermissionDeniedException.class,
                () -> new ControlClient(socket, path -> false)
                        .send(new ControlRequest("status", List.of())));
        assertEquals("permission denied on " + socket + " (owned by " + owner + "): run dkm as "
                + owner, denied.getMessage());
        assertEquals(77, denied.exitCode());
        assertThrows(ControlClient.NotRunningException.class,
                () -> new ControlClient(socket, path -> true)
                        .send(new ControlRequest("status", List.of())),
                "a stale socket this user may open: the supervisor is not running");
        Files.delete(socket);
        ControlClient.NotRunningException missing = assertThrows(
                ControlClient.NotRunningException.class, () -> new ControlClient(socket,
                        path -> false).send(new ControlRequest("status", List.of())));
        assertTrue(missing.getMessage().contains("no such file"));
    }
}
