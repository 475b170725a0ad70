package org.dkumonitor.installer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The checks made before the installer writes anything, each refusing with a one-line message
 * that says what to do: an existing install, a directory that cannot be written, a port of the
 * range already taken.
 */
final class Preflight {

    private final IntPredicate portFree;

    Preflight(IntPredicate portFree) {
        this.portFree = portFree;
    }

    /** Checks with real sockets: a port is free when we can bind it on every interface. */
    static Preflight onThisHost() {
        return new Preflight(Preflight::canBind);
    }

    void check(InstallRequest request, List<Integer> neededPorts) {
        Path root = request.dataDir().root();
        if (Files.exists(request.dataDir().confFile("supervisor.yaml"))) {
            throw new InstallRefusedException(root + " already holds an install; use --update to"
                    + " update it, or choose another directory");
        }
        Path existing = nearestExisting(root);
        if (!Files.isDirectory(existing)) {
            throw new InstallRefusedException(existing + " is not a directory; choose another"
                    + " place for the install");
        }
        if (!Files.isWritable(existing)) {
            throw new InstallRefusedException("cannot write to " + existing + ": choose a"
                    + " directory you own, or ask its owner for write access");
        }
        for (int port : neededPorts) {
            if (!portFree.test(port)) {
                throw new InstallRefusedException("port " + port + " (in the range "
                        + request.ports().base() + ".." + (request.ports().base() + 9)
                        + ") is already in use; pick another range with -p");
            }
        }
    }

    private static Path nearestExisting(Path path) {
        Path current = path;
        while (current != null && !Files.exists(current)) {
            current = current.getParent();
        }
        return current == null ? Path.of("/") : current;
    }

    static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
