package org.dkumonitor.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileStore;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.PickleTcpReceiver;
import org.dkumonitor.server.carbon.PlaintextTcpReceiver;
import org.dkumonitor.server.lifecycle.Health;
import org.dkumonitor.server.lifecycle.NeededThreads;
import org.dkumonitor.server.listen.DescriptorBudget;
import org.dkumonitor.server.persist.Persister;
import org.dkumonitor.server.wal.WriteAheadLog;

/**
 * The checks behind the server's {@code /health}: problems when a needed thread died or a
 * port stopped accepting, the store cannot write, the write-ahead log cannot be written, or
 * the storage disk is (nearly) full; warnings when metrics are set aside, the cache is full
 * (senders are being slowed down) or descriptors run short.
 */
final class ServerHealth {

    /** Free space under which the disk counts as full: a whisper file or two, a log segment. */
    static final long LOW_SPACE_BYTES = 256L * 1024 * 1024;

    private ServerHealth() {
    }

    /** {@code persister} and {@code wal} are null where nothing is stored here (a relay). */
    static Health of(DataDir dataDir, Persister persister, WriteAheadLog wal, MetricCache cache,
            PlaintextTcpReceiver plaintext, PickleTcpReceiver pickle) {
        return new Health()
                .add((problems, warnings) -> NeededThreads.dead().forEach(name ->
                        problems.add("thread " + name + " has died; the server is exiting")))
                .add((problems, warnings) -> {
                    if (plaintext != null && !plaintext.listener().accepting()) {
                        problems.add("the carbon plaintext port no longer accepts connections");
                    }
                    if (pickle != null && !pickle.listener().accepting()) {
                        problems.add("the carbon pickle port no longer accepts connections");
                    }
                })
                .add((problems, warnings) -> {
                    if (persister == null) {
                        return; // a relay stores nothing
                    }
                    if (persister.failing()) {
                        problems.add("the store cannot write some metrics: their points wait"
                                + " in the cache (see run/server.log)");
                    }
                    if (persister.heldForRetry() > 0) {
                        warnings.add(persister.heldForRetry() + " metrics are set aside (see "
                                + persister.deadLetters().directory() + ")");
                    }
                })
                .add((problems, warnings) -> {
                    String failure = wal == null ? null : wal.failure();
                    if (failure != null) {
                        problems.add("the write-ahead log cannot be written: " + failure);
                    }
                })
                .add((problems, warnings) -> {
                    try {
                        FileStore store = Files.getFileStore(dataDir.storage());
                        long free = store.getUsableSpace();
                        if (free < LOW_SPACE_BYTES) {
                            problems.add("the disk of " + dataDir.storage() + " is full: "
                                    + free / (1024 * 1024) + " MiB free");
                        }
                    } catch (IOException e) {
                        problems.add("cannot read the free space of " + dataDir.storage() + ": "
                                + e.getMessage());
                    }
                })
                .add((problems, warnings) -> {
                    if (cache.size() >= cache.maxPoints()) {
                        warnings.add("the cache is full (" + cache.maxPoints() + " points):"
                                + " senders are slowed down until the store catches up");
                    }
                    long open = DescriptorBudget.open();
                    long limit = DescriptorBudget.limit();
                    if (open > limit * 9 / 10) {
                        warnings.add(open + " of " + limit + " file descriptors are open");
                    }
                });
    }
}
