package org.dkumonitor.core.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Makes a supervised program stop when its supervisor is gone (killed with -9, say), so that no
 * program runs on unsupervised. The supervisor passes its pid in {@value #ENV}; a program started
 * by hand has no such variable and is not watched.
 *
 * <p>It concludes the supervisor is gone only when it knows: on Linux it opens
 * {@code /proc/PID/stat} once, at start, and reads that same open file again at each check. The
 * open file stays bound to the process it was opened for, so a pid the kernel hands to another
 * process is never mistaken for the supervisor, and a check needs no new file descriptor: a
 * process out of descriptors (the server under a flood of connections once was) can still tell,
 * where opening {@code /proc} afresh failed and was taken for the supervisor's death. The
 * supervisor is gone when that file reads as a zombie, or cannot be read twice in a row (the
 * kernel answers ESRCH once the process is reaped). Elsewhere, {@link ProcessHandle} decides.
 */
public final class ParentWatch {

    public static final String ENV = "DKM_SUPERVISOR_PID";
    private static final Logger LOG = Logger.getLogger(ParentWatch.class.getName());

    private ParentWatch() {
    }

    /** What a check found. */
    enum State { ALIVE, GONE, UNKNOWN }

    /**
     * Starts a daemon thread that calls {@code onOrphaned} once the supervisor has exited.
     * Returns false when this process has no supervisor to watch.
     */
    public static boolean start(Runnable onOrphaned, Duration every) {
        String pid = System.getenv(ENV);
        if (pid == null || pid.isBlank()) {
            return false;
        }
        Liveness supervisor = Liveness.of(Long.parseLong(pid.strip()));
        if (supervisor.check() == State.GONE) {
            LOG.warning("supervisor " + pid.strip() + " is already gone; stopping");
            onOrphaned.run();
            return true;
        }
        Thread watcher = Thread.ofPlatform().daemon().name("parent-watch").unstarted(() -> {
            try {
                watch(supervisor, every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            LOG.warning("supervisor " + pid.strip() + " exited; stopping so as not to run"
                    + " unsupervised");
            onOrphaned.run();
        });
        watcher.start();
        return true;
    }

    /** Returns once the supervisor is known to be gone. */
    static void watch(Liveness supervisor, Duration every) throws InterruptedException {
        boolean unknownLogged = false;
        while (true) {
            State state = supervisor.check();
            if (state == State.GONE) {
                return;
            }
            if (state == State.UNKNOWN && !unknownLogged) {
                unknownLogged = true;
                LOG.warning("cannot tell whether supervisor " + supervisor.pid() + " is alive;"
                        + " taking it to be until it can be told");
            } else if (state == State.ALIVE) {
                unknownLogged = false;
            }
            Thread.sleep(every);
        }
    }

    /** Whether one process is alive, asked through a file opened once. */
    static final class Liveness {
        private final long pid;
        private final FileChannel stat;
        private final ByteBuffer buffer = ByteBuffer.allocate(4096);
        private final boolean goneAtStart;
        /** Without /proc, ProcessHandle's "not alive" is believed. */
        private final boolean trustHandle;
        private int failures;

        private Liveness(long pid, FileChannel stat, boolean goneAtStart, boolean trustHandle) {
            this.pid = pid;
            this.stat = stat;
            this.goneAtStart = goneAtStart;
            this.trustHandle = trustHandle;
        }

        static Liveness of(long pid) {
            return of(pid, Path.of("/proc", Long.toString(pid), "stat"));
        }

        static Liveness of(long pid, Path statFile) {
            try {
                return new Liveness(pid, FileChannel.open(statFile, StandardOpenOption.READ),
                        false, false);
            } catch (NoSuchFileException e) {
                // with /proc, the process does not exist; without, ProcessHandle decides
                boolean proc = java.nio.file.Files.isDirectory(statFile.getParent().getParent());
                return new Liveness(pid, null, proc, !proc);
            } catch (IOException e) {
                return new Liveness(pid, null, false, false);
            }
        }

        long pid() {
            return pid;
        }

        State check() {
            if (goneAtStart) {
                return State.GONE;
            }
            if (stat == null) {
                Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                boolean alive = handle.isPresent() && handle.get().isAlive();
                return alive ? State.ALIVE : trustHandle ? State.GONE : State.UNKNOWN;
            }
            try {
                buffer.clear();
                int read = stat.read(buffer, 0);
                failures = 0;
                return zombie(buffer.array(), Math.max(0, read)) ? State.GONE : State.ALIVE;
            } catch (IOException e) {
                return ++failures >= 2 ? State.GONE : State.UNKNOWN;
            }
        }

        /** A stat whose state (after the last ')') is Z or X: exited, not yet reaped. */
        private static boolean zombie(byte[] stat, int length) {
            int at = length - 1;
            while (at >= 0 && stat[at] != ')') {
                at--;
            }
            return at >= 0 && at + 2 < length && (stat[at + 2] == 'Z' || stat[at + 2] == 'X');
        }
    }
}
