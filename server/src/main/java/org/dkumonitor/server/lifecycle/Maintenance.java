package org.dkumonitor.server.lifecycle;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.dkumonitor.server.persist.Persister;
import org.dkumonitor.server.wal.WriteAheadLog;

/**
 * Orders the operations that change the store as a whole. Lifecycle operations (delete, rename,
 * expire, resize) run one at a time. A delete or rename empties the write-ahead log of the
 * metrics it removes by running inside a checkpoint: the log starts a new segment, the
 * operation takes the metrics' points out of the cache, and the older segments are deleted once
 * every other point in them is on disk, so a crash later cannot bring back deleted points. The
 * periodic checkpoint goes through here too, so two checkpoints never interleave with one.
 */
public final class Maintenance {

    private static final Logger LOG = Logger.getLogger(Maintenance.class.getName());

    private final Persister persister;
    private final WriteAheadLog wal;
    private final ReentrantLock operations = new ReentrantLock();
    private final ReentrantLock checkpoints = new ReentrantLock();
    /** Checkpoints run by lifecycle operations so far (guarded by {@link #checkpoints}). */
    private long lifecycleCheckpoints;

    /** {@code wal} is null when the log is off. */
    public Maintenance(Persister persister, WriteAheadLog wal) {
        this.persister = persister;
        this.wal = wal;
    }

    /**
     * The periodic checkpoint: older segments go once their points are on disk. It waits for
     * them as batching writes them ({@link Persister#settled}: up to a batch time, instead of
     * writing every metric's first points each checkpoint) outside the lock, so a lifecycle
     * operation does not wait behind it; if one ran meanwhile, the segments stay for the next
     * checkpoint (that operation moved points between names, written by its own barrier or
     * not), as they do when the points are not on disk within two minutes.
     */
    public void checkpoint() {
        if (wal == null) {
            return;
        }
        long closed;
        long operationsBefore;
        checkpoints.lock();
        try {
            closed = wal.rotate(number -> { });
            operationsBefore = lifecycleCheckpoints;
        } catch (IOException e) {
            LOG.warning("write-ahead log checkpoint failed: " + e.getMessage());
            return;
        } finally {
            checkpoints.unlock();
        }
        boolean persisted = persister.settled()
                .completeOnTimeout(false, 2, java.util.concurrent.TimeUnit.MINUTES).join();
        if (!persisted) {
            return;
        }
        checkpoints.lock();
        try {
            if (lifecycleCheckpoints == operationsBefore) {
                wal.deleteSegmentsUpTo(closed);
            }
        } catch (IOException e) {
            LOG.warning("write-ahead log checkpoint failed: " + e.getMessage());
        } finally {
            checkpoints.unlock();
        }
    }

    /** Runs one lifecycle operation, after any other has finished. */
    <T> T operation(Supplier<T> work) {
        operations.lock();
        try {
            return work.get();
        } finally {
            operations.unlock();
        }
    }

    /**
     * Runs {@code work} (which takes points out of the cache) after the log started a new
     * segment, then writes every other cached point and deletes the older segments; true when
     * they were deleted (false: a write failed, the segments stay, as the periodic checkpoint
     * leaves them).
     */
    boolean insideCheckpoint(Runnable work) {
        if (wal == null) {
            work.run();
            return true;
        }
        checkpoints.lock();
        try {
            lifecycleCheckpoints++;
            boolean[] persisted = new boolean[1];
            wal.checkpoint(() -> {
                work.run();
                persisted[0] = persister.barrier().join();
                return persisted[0];
            });
            return persisted[0];
        } catch (IOException e) {
            throw new LifecycleException("the write-ahead log could not start a new segment ("
                    + e.getMessage() + "): nothing was changed; free disk space and retry");
        } finally {
            checkpoints.unlock();
        }
    }

    boolean logged() {
        return wal != null;
    }
}
