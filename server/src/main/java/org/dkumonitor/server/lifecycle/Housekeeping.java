package org.dkumonitor.server.lifecycle;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.server.schema.StorageRules;

/**
 * The store's background chores, on one thread of their own (a check of a large tree takes
 * seconds and must not delay the self-metrics or the log's checkpoints): the check of the files
 * against the rules at start and after each change of the rules, and the daily expiry when
 * {@code storage.expireAfter} is set (its first run, an hour after start, only lists).
 */
public final class Housekeeping implements AutoCloseable {

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("storage-housekeeping").daemon().factory());

    private Housekeeping() {
    }

    public static Housekeeping start(StorageWatch watch, StorageRules rules, Expiry expiry,
            long expireAfterSeconds) {
        Housekeeping housekeeping = new Housekeeping();
        housekeeping.thread.execute(guard(watch::check));
        rules.onChange(() -> housekeeping.thread.execute(guard(watch::check)));
        if (expireAfterSeconds > 0) {
            housekeeping.thread.scheduleWithFixedDelay(
                    guard(() -> expiry.daily(expireAfterSeconds)), 1, 24, TimeUnit.HOURS);
        }
        return housekeeping;
    }

    /** A chore that fails runs again at its turn; an Error ends the server (NeededThreads). */
    private static Runnable guard(Runnable task) {
        return NeededThreads.guard("storage-housekeeping", task);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
