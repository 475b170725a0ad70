package org.dkumonitor.server.lifecycle;

import java.util.logging.Logger;

/**
 * Ends the process when it can no longer do its job, so that the supervisor starts a new one
 * instead of the server pretending to run. The shutdown hook still runs (it stops the
 * receivers, writes what it can and keeps the write-ahead log for the rest); if it has not
 * finished within {@value #HALT_AFTER_SECONDS} s, the process is halted.
 */
public final class Fatal {

    /** The exit code: EX_SOFTWARE, an internal failure. */
    public static final int EXIT_CODE = 70;
    static final int HALT_AFTER_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(Fatal.class.getName());

    private Fatal() {
    }

    /** Logs why and ends the process; returns at once (the exit runs on a thread of its own). */
    public static void exit(String why) {
        LOG.severe(why + "; exiting (code " + EXIT_CODE + ") so that the supervisor starts the"
                + " server again");
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_SECONDS * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(EXIT_CODE);
        }, "fatal-halt");
        halt.setDaemon(true);
        halt.start();
        // on a thread of its own: exit waits for the shutdown hook, which may join the caller
        new Thread(() -> System.exit(EXIT_CODE), "fatal-exit").start();
    }
}
