package org.dkumonitor.server.limits;

import java.util.concurrent.TimeUnit;

/**
 * How long the request a thread serves may still run: the API binds one to each request
 * ({@link #run}), and the loops whose length a client controls (walking the metric tree,
 * matching names against a pattern) call {@link #check}, which throws once the time is spent
 * or the request was {@link #cancel cancelled} (its client has gone). Code that runs outside a
 * request (the persister, tests) has no deadline and is never stopped.
 *
 * <p>Bound through a {@link ScopedValue}, so that no signature between the API and the tree
 * has to carry it; threads a request forks (parallel reads) run without it, which is fine:
 * their work is bounded by the request's series and point budget.
 */
public final class Deadline {

    private static final ScopedValue<Deadline> CURRENT = ScopedValue.newInstance();

    private final long expiresAt;
    private final long seconds;
    private volatile boolean cancelled;

    private Deadline(long nanosFromNow) {
        this.expiresAt = System.nanoTime() + nanosFromNow;
        this.seconds = TimeUnit.NANOSECONDS.toSeconds(nanosFromNow);
    }

    /** A deadline {@code seconds} from now. */
    public static Deadline inSeconds(long seconds) {
        return new Deadline(TimeUnit.SECONDS.toNanos(seconds));
    }

    /** A deadline {@code millis} from now (tests). */
    public static Deadline inMillis(long millis) {
        return new Deadline(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Work that may throw a checked exception. */
    @FunctionalInterface
    public interface Work<T, X extends Exception> {
        T run() throws X;
    }

    /** Runs {@code work} with this deadline bound to the thread. */
    public <T, X extends Exception> T run(Work<T, X> work) throws X {
        return ScopedValue.where(CURRENT, this).call(work::run);
    }

    /** Throws {@link RequestTimeoutException} when the current request's time is up. */
    public static void check() {
        if (CURRENT.isBound()) {
            CURRENT.get().checkNow();
        }
    }

    void checkNow() {
        if (cancelled) {
            throw new RequestTimeoutException("the client closed the connection; the request"
                    + " was stopped");
        }
        if (System.nanoTime() - expiresAt > 0) {
            throw new RequestTimeoutException("the request took longer than " + seconds
                    + " s (api.requestTimeoutSeconds in conf/server.yaml); narrow the pattern"
                    + " or the time range");
        }
    }

    /** Stops the request at its next check. */
    public void cancel() {
        cancelled = true;
    }

    public boolean expired() {
        return cancelled || System.nanoTime() - expiresAt > 0;
    }
}
