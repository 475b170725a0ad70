package org.dkumonitor.supervisor.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.dkumonitor.core.process.ParentWatch;

/**
 * What a supervisor killed with -9 left running. Every process a supervisor spawns carries its
 * pid in {@value ParentWatch#ENV}, and so does everything those processes start; a supervisor
 * that finds its predecessor's pid file (a clean stop deletes it) finds those processes in
 * {@code /proc} and stops them (stop signal, then SIGKILL after a grace period) before starting
 * its own programs. dkumonitor's own programs do not wait for that: they watch the supervisor
 * and stop within seconds of its death. The choice is to replace, not adopt: an adopted process
 * could not be waited for, so its exit code and output would be lost.
 */
final class Leftovers {

    private static final Logger LOG = Logger.getLogger(Leftovers.class.getName());
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path proc;

    Leftovers(Path proc) {
        this.proc = proc;
    }

    /** The live processes whose environment says {@code supervisorPid} spawned them. */
    List<ProcessHandle> of(long supervisorPid) {
        byte[] marker = ("\0" + ParentWatch.ENV + "=" + supervisorPid + "\0")
                .getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid != ProcessHandle.current().pid() && carries(entry, marker)) {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            LOG.warning("cannot list " + proc + " to find leftovers: " + e.getMessage());
        }
        return found;
    }

    /**
     * Stops what {@code supervisorPid} left behind: TERM, then KILL to what is left after
     * {@code grace}. Returns how many processes there were.
     */
    int stop(long supervisorPid, Duration grace) throws InterruptedException {
        List<ProcessHandle> left = of(supervisorPid);
        if (left.isEmpty()) {
            return 0;
        }
        LOG.warning("the previous supervisor (pid " + supervisorPid + ") died and left "
                + left.size() + " processes running: " + left.stream().map(ProcessHandle::pid)
                .toList() + "; stopping them");
        left.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (left.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(POLL);
        }
        left.stream().filter(ProcessHandle::isAlive).forEach(process -> {
            LOG.warning("killing leftover " + process.pid() + " with SIGKILL");
            process.destroyForcibly();
        });
        return left.size();
    }

    private static boolean carries(Path entry, byte[] marker) {
        byte[] environ;
        try {
            Optional<byte[]> read = read(entry.resolve("environ"));
            if (read.isEmpty()) {
                return false;
            }
            environ = new byte[read.get().length + 1];
            System.arraycopy(read.get(), 0, environ, 1, read.get().length);
        } catch (RuntimeException e) {
            return false;
        }
        return indexOf(environ, marker) >= 0;
    }

    private static Optional<byte[]> read(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            // another user's process, or one that just exited
            return Optional.empty();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
