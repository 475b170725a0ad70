package org.dkumonitor.server.persist;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which metrics the persister sets aside, so that one metric the store cannot write never holds
 * up the others (nor the write-ahead log's checkpoint, which waits until every point is either
 * in the store or in the dead letters).
 *
 * <p>A metric is set aside at once when the store refuses it for good: a name it cannot make a
 * file for, a file that is not a whisper file. Retrying cannot help, so nothing is remembered
 * but the fact that it was logged. A metric whose writes fail for an I/O reason (a directory
 * without write permission, a node taken by a plain file) is set aside once it has failed for
 * {@code after} while the store wrote other metrics meanwhile and the disk has room: then the
 * fault is the metric's, not the store's. A store failing as a whole (a full or read-only disk)
 * sets nothing aside; its points wait in the cache and the log. A metric set aside after I/O
 * failures is tried again every {@code retryEvery}, and a success lets it go.
 *
 * <p>Memory: one entry per failing or held metric, and a bounded set of the names already
 * logged.
 */
final class Quarantine {

    /** Names remembered as logged; past that, a refused name may be logged again. */
    private static final int LOGGED_NAMES = 10_000;

    private record Held(String reason, long retryAtMillis) {
    }

    private final long afterMillis;
    private final long retryEveryMillis;
    private final Map<String, Long> failingSince = new ConcurrentHashMap<>();
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicLong lastSuccess = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, Boolean> logged = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > LOGGED_NAMES;
        }
    };

    Quarantine(Duration after, Duration retryEvery) {
        this.afterMillis = after.toMillis();
        this.retryEveryMillis = retryEvery.toMillis();
    }

    /** True while the metric is held and not yet due for another try. */
    boolean holds(String metric, long nowMillis) {
        Held entry = held.get(metric);
        return entry != null && nowMillis < entry.retryAtMillis();
    }

    /** A write of the metric worked: it is no longer failing, nor held. True if it was held. */
    boolean succeeded(String metric, long nowMillis) {
        lastSuccess.accumulateAndGet(nowMillis, Math::max);
        if (!failingSince.isEmpty()) {
            failingSince.remove(metric);
        }
        return !held.isEmpty() && held.remove(metric) != null;
    }

    /**
     * A write failed for an I/O reason; true when the metric is to be set aside now (it was
     * held already and its new try failed too, or it has failed long enough while the store
     * works), false to keep its points queued and try again.
     */
    boolean failed(String metric, long nowMillis, boolean diskHasRoom) {
        Long since = failingSince.putIfAbsent(metric, nowMillis);
        if (since == null) {
            since = nowMillis;
        }
        Held entry = held.get(metric);
        if (entry != null) {
            held.put(metric, new Held(entry.reason(), nowMillis + retryEveryMillis));
            return true;
        }
        return nowMillis - since >= afterMillis && lastSuccess.get() > since && diskHasRoom;
    }

    /**
     * Sets the metric aside: until its next try when {@code retry}, else for good (every point
     * meets the same refusal). True the first time the metric is set aside (to be logged).
     */
    boolean hold(String metric, String reason, boolean retry, long nowMillis) {
        if (retry) {
            held.put(metric, new Held(reason, nowMillis + retryEveryMillis));
            failingSince.remove(metric);
        }
        synchronized (logged) {
            if (logged.put(metric, Boolean.TRUE) != null) {
                return false;
            }
        }
        return true;
    }

    /** Metrics held now for another try later. */
    int held() {
        return held.size();
    }
}
