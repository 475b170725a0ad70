package org.dkumonitor.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place tests pick ports for another process (an install under test, a peer): free on
 * loopback for TCP and UDP, from {@value #VARIABLE} when it is set (e.g. {@code 26000-26999},
 * so that the suite runs beside other jobs that keep to their own ports), else from
 * {@link #DEFAULT_RANGE}, on 127.0.0.1. A port a test binds itself is bound to 0 on loopback
 * instead: it is free by construction and needs no picking.
 *
 * <p>A picked port is free when picked; another process may take it before the one it is for
 * binds it. A random start in the range keeps parallel test forks apart.
 */
public final class TestPorts {

    /** {@code LOW-HIGH}, both included. */
    public static final String VARIABLE = "DKM_TEST_PORTS";
    /**
     * Below Linux's ephemeral ports (32768-60999): the ports the OS hands out to outgoing
     * connections and to binds of port 0, which on a busy machine fill whole stretches of that
     * range (an install needs ten in a row).
     */
    static final String DEFAULT_RANGE = "20000-32767";

    private TestPorts() {
    }

    /** One free port. */
    public static int free() {
        return range(1);
    }

    /** The first of {@code count} consecutive free ports (an install's PORT..PORT+9). */
    public static int range(int count) {
        return range(count, System.getenv(VARIABLE));
    }

    static int range(int count, String setting) {
        if (setting == null || setting.isBlank()) {
            setting = DEFAULT_RANGE;
        }
        int[] bounds = bounds(setting, count);
        int starts = bounds[1] - count + 2 - bounds[0];
        int offset = ThreadLocalRandom.current().nextInt(starts);
        for (int i = 0; i < starts; i++) {
            int first = bounds[0] + (offset + i) % starts;
            if (allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports on 127.0.0.1 in "
                + VARIABLE + "=" + setting);
    }

    /** LOW and HIGH of the setting, checked. */
    static int[] bounds(String setting, int count) {
        String[] parts = setting.strip().split("-", -1);
        try {
            if (parts.length == 2) {
                int low = Integer.parseInt(parts[0].strip());
                int high = Integer.parseInt(parts[1].strip());
                if (low >= 1024 && high <= 65535 && high - low + 1 >= count) {
                    return new int[] {low, high};
                }
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(VARIABLE + "=" + setting + ": must be LOW-HIGH, ports"
                + " 1024..65535 with at least " + count + " of them, e.g. 26000-26999");
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            if (!isFree(port)) {
                return false;
            }
        }
        return true;
    }

    /** Whether both TCP and UDP can bind the port on loopback (carbon and StatsD take both). */
    static boolean isFree(int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket();
                DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(address);
            udp.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
