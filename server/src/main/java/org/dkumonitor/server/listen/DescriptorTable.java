package org.dkumonitor.server.listen;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Grows the kernel's descriptor table of this process once, at start, to the size the server
 * will use. Why: Linux grows the table by doubling when a new descriptor does not fit, and in
 * a process of many threads each growth waits for an RCU grace period (milliseconds) while the
 * threads opening files wait behind it: at first contact, the persister's workers opening their
 * first 8,192 whisper files met seven such growths. A table grown at start never shrinks.
 */
public final class DescriptorTable {

    private static final Logger LOG = Logger.getLogger(DescriptorTable.class.getName());
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final MethodHandle FCNTL;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle[] handles = linuxCalls();
        FCNTL = handles[0];
        CLOSE = handles[1];
    }

    private DescriptorTable() {
    }

    /** fcntl and close of the C library; null where missing or off Linux. */
    @SuppressWarnings("restricted")
    private static MethodHandle[] linuxCalls() {
        MethodHandle[] handles = new MethodHandle[2];
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return handles;
        }
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            handles[0] = libc.find("fcntl").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                    Linker.Option.firstVariadicArg(2))).orElse(null);
            handles[1] = libc.find("close").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT))).orElse(null);
        } catch (IllegalCallerException | UnsupportedOperationException e) {
            // native access not granted (a JVM started without the launcher's options)
            return new MethodHandle[2];
        }
        return handles;
    }

    /**
     * Makes the table hold at least {@code descriptors} entries (at most the process's limit),
     * by duplicating a standard descriptor (0, 1 or 2, whichever is open) onto a number that
     * high and closing the copy at once. False
     * when that could not be done (not Linux, no native access, or refused): nothing changes
     * then but the cost of the growths later.
     */
    public static boolean reserve(long descriptors) {
        long target = Math.min(descriptors, DescriptorBudget.limit()) - 1;
        if (FCNTL == null || CLOSE == null || target < 64) {
            return false;
        }
        try {
            int copy = -1;
            for (int standard = 0; standard <= 2 && copy < 0; standard++) {
                copy = (int) FCNTL.invokeExact(standard, F_DUPFD_CLOEXEC, (int) target);
            }
            if (copy < 0) {
                LOG.fine(() -> "could not grow the descriptor table to " + (target + 1));
                return false;
            }
            int ignored = (int) CLOSE.invokeExact(copy);
            return true;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("calling fcntl: " + e, e);
        }
    }
}
