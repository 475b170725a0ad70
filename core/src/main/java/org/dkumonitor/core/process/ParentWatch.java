package org.dkumonitor.core.process;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Makes a supervised program stop when its supervisor is gone (killed with -9, say), so that no
 * program runs on unsupervised. The supervisor passes its pid in {@value #ENV}; a program started
 * by hand has no such variable and is not watched.
 */
public final class ParentWatch {

    public static final String ENV = "DKM_SUPERVISOR_PID";
    private static final Logger LOG = Logger.getLogger(ParentWatch.class.getName());

    private ParentWatch() {
    }

    /**
     * Starts a daemon thread that calls {@code onOrphaned} once the supervisor has exited.
     * Returns false when this process has no supervisor to watch.
     */
    public static boolean start(Runnable onOrphaned, Duration every) {
        String pid = System.getenv(ENV);
        if (pid == null || pid.isBlank()) {
            return false;
        }
        Optional<ProcessHandle> supervisor = ProcessHandle.of(Long.parseLong(pid.trim()));
        if (supervisor.isEmpty()) {
            LOG.warning("supervisor " + pid + " is already gone; stopping");
            onOrphaned.run();
            return true;
        }
        Thread watcher = Thread.ofPlatform().daemon().name("parent-watch").unstarted(() -> {
            try {
                while (supervisor.get().isAlive()) {
                    Thread.sleep(every);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            LOG.warning("supervisor " + pid + " exited; stopping so as not to run unsupervised");
            onOrphaned.run();
        });
        watcher.start();
        return true;
    }
}
