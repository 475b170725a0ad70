package org.dkumonitor.server.refusals;

import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Points refused per metric name over the last hour, by reason: what "explain" tells a user who
 * asks where a point went. The receivers' and the persister's own counters say how many; this
 * says which names.
 *
 * <p>How: each name has twelve five-minute buckets per reason, reused in a ring (a bucket older
 * than an hour is cleared when its slot comes round again), so the hour is counted to within
 * five minutes. Only refusals are recorded, which are rare next to points accepted, so the cost
 * is paid off the hot path. At most {@value #MAX_NAMES} names are kept: past that, names not
 * refused for an hour are forgotten first, and refusals of further names are only counted in
 * {@link #untracked} (a flood of hostile names cannot grow the map without bound).
 */
public final class RecentRefusals {

    /** Why a point was refused. */
    public enum Reason {
        /** Ahead of the server's clock by more than the tolerance. */
        FUTURE("future"),
        /** Older than the file's oldest archive keeps: whisper skips it. */
        TOO_OLD("pastOldestArchive"),
        /** A new metric over a quota's maximum. */
        QUOTA("quota"),
        /** A line that does not parse as path value timestamp. */
        MALFORMED("malformed"),
        /** A name that would make an unsafe or odd file. */
        NAME("name");

        private final String key;

        Reason(String key) {
            this.key = key;
        }

        /** The word used in JSON and text. */
        public String key() {
            return key;
        }
    }

    static final int MAX_NAMES = 10_000;
    private static final int BUCKETS = 12;
    private static final long BUCKET_SECONDS = 300;
    private static final Reason[] REASONS = Reason.values();

    /** Records nothing: for tools and tests that do not ask. */
    public static final RecentRefusals NONE = new RecentRefusals(InstantSource.system(), 0);

    private final InstantSource clock;
    private final int maxNames;
    private final ConcurrentHashMap<String, Counts> byName = new ConcurrentHashMap<>();
    private final LongAdder untracked = new LongAdder();

    public RecentRefusals(InstantSource clock) {
        this(clock, MAX_NAMES);
    }

    RecentRefusals(InstantSource clock, int maxNames) {
        this.clock = clock;
        this.maxNames = maxNames;
    }

    public void record(String name, Reason reason, long points) {
        if (maxNames == 0 || points <= 0) {
            return;
        }
        long period = clock.instant().getEpochSecond() / BUCKET_SECONDS;
        Counts counts = byName.get(name);
        if (counts == null) {
            if (byName.size() >= maxNames && !makeRoom(period)) {
                untracked.add(points);
                return;
            }
            counts = byName.computeIfAbsent(name, n -> new Counts());
        }
        counts.add(period, reason, points);
    }

    /** The name's refusals of the last hour, by reason (every reason, zero when none). */
    public Map<Reason, Long> lastHour(String name) {
        Map<Reason, Long> result = new EnumMap<>(Reason.class);
        Counts counts = byName.get(name);
        long period = clock.instant().getEpochSecond() / BUCKET_SECONDS;
        for (Reason reason : REASONS) {
            result.put(reason, counts == null ? 0 : counts.sum(period, reason));
        }
        return result;
    }

    /** Refusals not kept by name because too many names were being tracked. */
    public long untracked() {
        return untracked.sum();
    }

    /** Forgets names with nothing in the last hour; true when there is room now. */
    private boolean makeRoom(long period) {
        for (Iterator<Counts> it = byName.values().iterator(); it.hasNext(); ) {
            if (it.next().lastPeriod() <= period - BUCKETS) {
                it.remove();
            }
        }
        return byName.size() < maxNames;
    }

    /** One name's ring of buckets. */
    private static final class Counts {
        private final long[] periods = new long[BUCKETS];
        private final long[] points = new long[BUCKETS * REASONS.length];
        private long last;

        synchronized void add(long period, Reason reason, long count) {
            int slot = (int) Math.floorMod(period, (long) BUCKETS);
            if (periods[slot] != period) {
                periods[slot] = period;
                java.util.Arrays.fill(points, slot * REASONS.length,
                        (slot + 1) * REASONS.length, 0);
            }
            points[slot * REASONS.length + reason.ordinal()] += count;
            last = Math.max(last, period);
        }

        synchronized long sum(long period, Reason reason) {
            long total = 0;
            for (int slot = 0; slot < BUCKETS; slot++) {
                if (periods[slot] > period - BUCKETS && periods[slot] <= period) {
                    total += points[slot * REASONS.length + reason.ordinal()];
                }
            }
            return total;
        }

        synchronized long lastPeriod() {
            return last;
        }
    }
}
