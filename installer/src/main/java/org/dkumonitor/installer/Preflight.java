package org.dkumonitor.installer;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.layout.PortMap;

/**
 * The checks made before the installer writes anything, each refusing with a one-line message
 * that says what to do: an existing install (or the remains of one), a directory that cannot
 * be written, a port the type's programs need already taken.
 */
final class Preflight {

    private final IntPredicate portFree;

    /** {@code portFree} tells whether nothing listens on a port, TCP or UDP. */
    Preflight(IntPredicate portFree) {
        this.portFree = portFree;
    }

    /** Checks with real sockets: a port is free when we can bind it on every interface. */
    static Preflight onThisHost() {
        return new Preflight(Preflight::canBind);
    }

    void check(InstallRequest request) {
        DataDir dataDir = request.dataDir();
        Path root = dataDir.root();
        if (Files.exists(dataDir.confFile("supervisor.yaml"))
                || Files.exists(dataDir.run().resolve(InstallRecord.FILE_NAME))) {
            throw new InstallRefusedException(root + " already holds an install; use --update to"
                    + " update it, or choose another directory");
        }
        for (Path directory : dataDir.topLevelDirectories()) {
            if (Files.exists(directory) || Files.isSymbolicLink(directory)) {
                throw new InstallRefusedException(directory + " exists but " + root + " holds"
                        + " no install; move it away or choose another directory");
            }
        }
        requireWritable(root);
        for (int port : neededPorts(request)) {
            if (!portFree.test(port)) {
                PortMap ports = request.ports();
                throw new InstallRefusedException("port " + port + " (in the range "
                        + ports.base() + ".." + (ports.base() + PortMap.SIZE - 1)
                        + ") is already in use; pick another range with -p");
            }
        }
    }

    /**
     * The ports the type's programs listen on: the server's range, PORT (Grafana or UI), and
     * PORT+5 where only the agent runs (its StatsD), PORT+8/+9 for a local ClickHouse.
     */
    static List<Integer> neededPorts(InstallRequest request) {
        PortMap ports = request.ports();
        List<Integer> needed = new ArrayList<>();
        if (request.runsGrafana() || request.servesUiOnGrafanaPort()) {
            needed.add(ports.grafana());
        }
        if (request.type().runsServer()) {
            needed.addAll(List.of(ports.carbonPlaintext(), ports.api(), ports.carbonPickle(),
                    ports.statsd(), ports.httpIngest(), ports.stream()));
        } else if (request.type().runsAgent()) {
            needed.add(ports.statsd());
        }
        if (request.runsClickHouse()) {
            needed.addAll(List.of(ports.clickhouseHttp(), ports.clickhouseNative()));
        }
        return needed;
    }

    /**
     * Checks before an update: there is an install, its bin/ and run/ can be written; returns
     * its record (inferred from its files for an install older than the record).
     */
    static InstallRecord checkUpdate(DataDir dataDir) {
        Path root = dataDir.root();
        if (!Files.exists(dataDir.confFile("supervisor.yaml"))) {
            throw new InstallRefusedException(root + " holds no install to update (no"
                    + " conf/supervisor.yaml); run the installer without --update to install");
        }
        for (Path directory : List.of(dataDir.bin(), dataDir.run(), root)) {
            if (!Files.isWritable(directory)) {
                throw new InstallRefusedException("cannot write to " + directory + ": run the"
                        + " update as the install's owner");
            }
        }
        Path recordFile = dataDir.run().resolve(InstallRecord.FILE_NAME);
        return Files.exists(recordFile) ? InstallRecord.parse(recordFile)
                : InstallRecord.inferred(dataDir);
    }

    private static void requireWritable(Path root) {
        Path existing = root;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            existing = root.getRoot();
        }
        if (!Files.isDirectory(existing)) {
            throw new InstallRefusedException(existing + " is not a directory; choose another"
                    + " place for the install");
        }
        if (!Files.isWritable(existing)) {
            throw new InstallRefusedException("cannot write to " + existing + ": choose a"
                    + " directory you own, or ask its owner for write access");
        }
    }

    static boolean canBind(int port) {
        try (ServerSocket tcp = new ServerSocket();
                DatagramSocket udp = new DatagramSocket(null)) {
            InetAddress any = InetAddress.getByName("0.0.0.0");
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(any, port));
            udp.bind(new InetSocketAddress(any, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
