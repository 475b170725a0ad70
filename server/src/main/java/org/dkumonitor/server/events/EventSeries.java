package org.dkumonitor.server.events;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.ToIntFunction;
import org.dkumonitor.server.carbon.LineSink;
import org.dkumonitor.server.carbon.PointBatch;

/**
 * Events as Graphite data: sums per storage step ({@code events.<name>.count} counts events,
 * era-B fields add their values), written through the receivers' {@link LineSink} so they are
 * cached, logged and persisted like any point.
 *
 * <p>Why totals: whisper keeps the last value written to a slot, so a bucket's running total is
 * written again whenever it grew ({@link #flush}, every second) and the last write is the whole
 * count. A bucket is forgotten once its step is over and its total written. The step is the
 * finest archive of the series' storage schema, so one slot holds one bucket.
 */
public final class EventSeries {

    private record Key(String series, long start) {
    }

    private static final class Total {
        final DoubleAdder sum = new DoubleAdder();
        final int step;
        volatile boolean dirty;

        Total(int step) {
            this.step = step;
        }
    }

    private static final long FORGET_AFTER_SECONDS = 10;

    private final LineSink sink;
    private final ToIntFunction<String> stepOf;
    private final InstantSource clock;
    private final Map<Key, Total> totals = new ConcurrentHashMap<>();
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();

    public EventSeries(LineSink sink, ToIntFunction<String> stepOf, InstantSource clock) {
        this.sink = sink;
        this.stepOf = stepOf;
        this.clock = clock;
    }

    /** The series that counts events called {@code name}. */
    public static String countSeries(String name) {
        return "events." + name + ".count";
    }

    /** Adds {@code value} to the series' bucket of {@code epochSecond}. */
    public void add(String series, long epochSecond, double value) {
        add(series, epochSecond, value, Long.MIN_VALUE);
    }

    /**
     * Adds {@code value} to the series' bucket of {@code epochSecond} unless that bucket
     * starts before {@code floor}: a recount from {@code floor} on would only see part of it.
     */
    public void add(String series, long epochSecond, double value, long floor) {
        int step = steps.computeIfAbsent(series, name -> Math.max(1, stepOf.applyAsInt(name)));
        long start = epochSecond - Math.floorMod(epochSecond, step);
        if (start < floor) {
            return;
        }
        Total total = totals.computeIfAbsent(new Key(series, start), key -> new Total(step));
        total.sum.add(value);
        total.dirty = true;
    }

    /** Writes every bucket that grew since the last flush; forgets finished buckets. */
    public void flush() {
        long now = clock.instant().getEpochSecond();
        PointBatch batch = sink.newBatch();
        for (Map.Entry<Key, Total> entry : totals.entrySet()) {
            Key key = entry.getKey();
            Total total = entry.getValue();
            boolean finished = key.start + total.step + FORGET_AFTER_SECONDS < now;
            if (total.dirty) {
                total.dirty = false;
                sink.point(key.series, key.start, total.sum.sum(), batch);
            }
            if (finished && !total.dirty) {
                totals.remove(key, total);
            }
        }
        sink.flush(batch);
        if (steps.size() > 100_000) {
            steps.clear();
        }
    }

    /** Buckets held (tests). */
    int buckets() {
        return totals.size();
    }
}
