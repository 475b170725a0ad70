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
    /** Linux's F_DUPFD_CLOEXEC (F_LINUX_SPECIFIC_BASE 1024 + 6). */
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final MethodHandle FCNTL = libcCall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = libcCall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private DescriptorTable() {
    }

    /**
     * The C library's function, or null where it is missing, off Linux, or when native access
     * is not granted (a JVM started without the launcher's options).
     */
    @SuppressWarnings("restricted")
    private static MethodHandle libcCall(String name, FunctionDescriptor signature,
            Linker.Option... options) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find(name)
                    .map(symbol -> linker.downcallHandle(symbol, signature, options))
                    .orElse(null);
        } catch (IllegalCallerException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Makes the table hold at least {@code descriptors} entries (at most the process's limit),
     * by duplicating a standard descriptor (0, 1 or 2, whichever is open) onto a number that
     * high and closing the copy at once. False when that could not be done (not Linux, no
     * native access, or refused): nothing changes then but the cost of the growths later.
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
