package org.dkumonitor.server.carbon;

/**
 * Where receivers put validated points: the cache, behind the write-ahead log when it is on.
 * {@link #store} may block while the cache is full; that is how receivers slow senders down.
 */
@FunctionalInterface
public interface PointStore {

    void store(PointBatch batch);
}
