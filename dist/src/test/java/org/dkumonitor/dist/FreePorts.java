package org.dkumonitor.dist;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds a range of ten free ports for an install under test. */
final class FreePorts {

    private FreePorts() {
    }

    static int range() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000) / 10 * 10;
            if (allFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of 10 ports between 20000 and 30000");
    }

    private static boolean allFree(int base) {
        for (int port = base; port < base + 10; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
