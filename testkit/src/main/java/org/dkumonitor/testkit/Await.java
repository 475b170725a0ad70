package org.dkumonitor.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polling until something another thread or process does has happened: the condition is
 * checked every {@value #POLL_MILLIS} ms until it holds or the timeout passes, which fails the
 * test with an {@link AssertionError} that says what was awaited. Tests use it instead of
 * sleeping for a time that is too short on a busy machine and too long everywhere else.
 */
public final class Await {

    /** How long a test waits when it does not say: a slow CI machine, not a hung one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Waits until {@code condition} holds, for at most {@link #DEFAULT_TIMEOUT}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    /** Waits until {@code condition} holds, for at most {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up waiting " + timeout.toMillis() + " ms until "
                        + what);
            }
            pause();
        }
    }

    /**
     * Waits until {@code value} gives {@code expected}, for at most {@code timeout}; fails with
     * the last value seen.
     */
    public static <T> void equal(T expected, Duration timeout, Supplier<? extends T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!Objects.equals(expected, last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + expected + " within "
                        + timeout.toMillis() + " ms, last seen " + last);
            }
            pause();
            last = value.get();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
