package org.dkumonitor.server.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The threads the server cannot do its job without (the persister's workers, the log's
 * committer, every accept loop, the UDP reader, the timers). Before, an
 * {@code OutOfMemoryError} could end such a thread while the process stayed up and the
 * supervisor showed RUNNING: TCP ingest dead, half the metrics no longer reaching disk. Now a
 * needed thread that ends by an exception, or returns while it should still run, ends the
 * process with a last log line that says which thread and why ({@link Fatal}); the supervisor
 * starts it again. {@link #dead} names those that died, for {@code /health}.
 */
public final class NeededThreads {

    private static final Logger LOG = Logger.getLogger(NeededThreads.class.getName());
    private static final List<Needed> STARTED = new CopyOnWriteArrayList<>();
    private static volatile Consumer<String> onDeath = Fatal::exit;

    private NeededThreads() {
    }

    private record Needed(Thread thread, BooleanSupplier mayEnd) {
        boolean died() {
            return thread.getState() == Thread.State.TERMINATED && !mayEnd.getAsBoolean();
        }
    }

    /**
     * Starts a platform daemon thread running {@code body}; {@code mayEnd} says whether its
     * returning is expected (its work was stopped), else the return is a death too.
     */
    public static Thread start(String name, Runnable body, BooleanSupplier mayEnd) {
        Thread thread = Thread.ofPlatform().name(name).daemon().unstarted(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                died(name, e.toString(), e);
                return;
            }
            if (!mayEnd.getAsBoolean()) {
                died(name, "it returned while the server still needs it", null);
            }
        });
        STARTED.removeIf(needed -> needed.thread().getState() == Thread.State.TERMINATED
                && needed.mayEnd().getAsBoolean());
        STARTED.add(new Needed(thread, mayEnd));
        thread.start();
        return thread;
    }

    /** A task of a needed thread (a timer's) that must not end it: an Error still does. */
    public static Runnable guard(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + " failed; it runs again at its next turn", e);
            } catch (Error e) {
                died(name, e.toString(), e);
                throw e;
            }
        };
    }

    private static void died(String name, String why, Throwable cause) {
        LOG.log(Level.SEVERE, "thread " + name + " died: " + why, cause);
        onDeath.accept("thread " + name + " died (" + why + ")");
    }

    /** Needed threads that ended while they should still run. */
    public static List<String> dead() {
        return STARTED.stream().filter(Needed::died).map(needed -> needed.thread().getName())
                .toList();
    }

    /** Forgets the threads that died (tests, which record deaths instead of exiting). */
    public static void forgetDead() {
        STARTED.removeIf(Needed::died);
    }

    /** Replaces what a death does (tests: record it instead of ending the JVM). */
    public static Consumer<String> onDeath(Consumer<String> handler) {
        Consumer<String> before = onDeath;
        onDeath = handler;
        return before;
    }
}
