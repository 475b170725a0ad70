package org.dkumonitor.server.listen;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Shares the process's file descriptors between listeners, after a reserve for what else needs
 * them (whisper files kept open by the persister and the API, the log, the JVM): each listener
 * gets what it asks for when everything fits, else all are scaled down alike, so that a flood
 * of connections can exhaust a listener but never the descriptors the store needs.
 */
public final class DescriptorBudget {

    /**
     * Descriptors for the JVM itself, logs, the write-ahead log, selectors and such, and the
     * margin connections being closed take (a soak saw the HTTP server hold a few hundred
     * more sockets than its own count, and a listener that evicts holds one more for a moment).
     */
    public static final int BASE_RESERVE = 1024;

    /** How often the open descriptors are counted for {@link #nearlyExhausted}. */
    private static final long SAMPLE_MILLIS = 250;
    private static volatile long sampled = -1;
    private static final Path SELF_FD = Path.of("/proc/self/fd");
    private static Thread sampler;

    private DescriptorBudget() {
    }

    /**
     * Whether 95% of the descriptor limit is in use, as counted at most a quarter of a second
     * ago (counting reads a directory of as many entries: too slow for every accept). The
     * shares above bound each listener; this is the net under them all, whatever holds the
     * descriptors: a listener then takes a new connection only in place of a silent one.
     */
    public static boolean nearlyExhausted() {
        if (sampler == null) {
            startSampler();
        }
        return sampled >= limit() * 95 / 100;
    }

    private static synchronized void startSampler() {
        if (sampler != null) {
            return;
        }
        sampler = Thread.ofPlatform().daemon().name("descriptor-count").start(() -> {
            while (true) {
                sampled = open();
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** The process's descriptor limit (its soft limit, which the JVM raises to the hard one). */
    public static long limit() {
        return ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 4096;
    }

    /**
     * Descriptors open now, or -1 where that is not known. Linux since 6.2 gives the count as
     * the size of {@code /proc/self/fd} (a count of the descriptor table's bits); elsewhere the
     * JDK lists that directory, which costs a directory entry per descriptor: with the
     * persister's 8,192 whisper files open, counting every 250 ms took 13% of the server's CPU
     * under steady-bench.sh's fleet.
     */
    public static long open() {
        try {
            long counted = Files.size(SELF_FD);
            if (counted > 0) {
                return counted;
            }
        } catch (java.io.IOException e) {
            // not Linux, or no /proc: ask the JDK
        }
        return ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount() : -1;
    }

    /**
     * The connections each listener may keep: {@code wanted} when their sum fits in
     * {@code limit - reserve}, else each scaled down in proportion (at least 16 each).
     */
    public static int[] share(long limit, long reserve, int... wanted) {
        long available = Math.max(0, limit - reserve);
        long total = Arrays.stream(wanted).asLongStream().sum();
        if (total <= available) {
            return wanted.clone();
        }
        int[] shares = new int[wanted.length];
        for (int i = 0; i < wanted.length; i++) {
            shares[i] = (int) Math.max(16, wanted[i] * available / total);
        }
        return shares;
    }
}
