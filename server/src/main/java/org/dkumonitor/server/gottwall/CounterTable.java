package org.dkumonitor.server.gottwall;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.dkumonitor.server.carbon.PointBatch;
import org.dkumonitor.server.carbon.PointStore;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;

/**
 * Turns GottWall's counts into whisper points: one point per series and storage step whose
 * value is the sum of every count in that step (gauge: the last value; avg: the mean).
 *
 * <p>Whisper keeps one value per slot and the last write wins, so counts cannot be written as
 * they come. Instead each (series, step) has a cell holding the running total, and
 * {@link #flush} (one thread, every second) writes the totals that changed into the cache
 * through the write-ahead log; a later write of the same slot carries the larger total and
 * replaces the earlier one. A cell is dropped a while after its step has passed; a count that
 * arrives later still (a client's late timestamp, a restart) starts a new cell from the total
 * already stored, read back through {@link StoredTotals}, so nothing is counted twice or lost.
 * For avg such a late cell restarts from the stored mean, weighted as one value.
 *
 * <p>The step is that of the archive whisper will write a point of that age into, so a count
 * for last month lands in (and adds to) last month's hourly slot. A time older than the
 * series' whole retention, or further ahead than {@code futureTolerance}, is refused.
 *
 * <p>A series keeps the kind it was first written with while it has cells: a gauge written to
 * a counter's series is refused (they would mix). {@link #aggregationOf} tells the persister
 * that a gauge's file rolls up by last and an avg's by average; counters take the aggregation
 * rules (sum, as the installer's rule for {@code ^gottwall\.} says).
 */
final class CounterTable {

    /** The total already stored for a series' slot, NaN when there is none. */
    @FunctionalInterface
    interface StoredTotals {
        double at(String series, long slot, int step);
    }

    /** How a step's values combine. */
    enum Kind {
        SUM, LAST, MEAN;

        static Kind of(Action action) {
            return switch (action) {
                case INCR, DECR -> SUM;
                case GAUGE -> LAST;
                case AVG -> MEAN;
            };
        }
    }

    /** How long after its step a cell stays, for counts that arrive a little late. */
    static final long GRACE_SECONDS = 120;

    private final Map<String, SeriesCells> series = new ConcurrentHashMap<>();
    private final Function<String, List<Retention>> retentions;
    private final StoredTotals stored;
    private final PointStore store;
    private final long futureTolerance;
    private final PointBatch batch = new PointBatch();
    private long flushes;

    CounterTable(Function<String, List<Retention>> retentions, StoredTotals stored,
            PointStore store, long futureToleranceSeconds) {
        this.retentions = retentions;
        this.stored = stored;
        this.store = store;
        this.futureTolerance = futureToleranceSeconds;
    }

    /**
     * Where a value at {@code time} goes in a series: checks the time against the series'
     * retention and the clock. Call for every series of a metric before adding to any.
     */
    Slot slot(String name, long time, long now) {
        if (time - now > futureTolerance) {
            throw new BadMetricException(BadMetricException.Reason.FUTURE, "ts " + time + " is "
                    + (time - now) + " s ahead of this server's clock (at most " + futureTolerance
                    + " s: a future point would overwrite stored ones); stati-net sends"
                    + " mktime(utcnow()): run the client with TZ=UTC");
        }
        long age = Math.max(0, now - time);
        for (Retention retention : retentions.apply(name)) {
            if (retention.retentionSeconds() >= age) {
                int step = retention.secondsPerPoint();
                return new Slot(name, Math.floorDiv(time, step) * step, step);
            }
        }
        throw new BadMetricException(BadMetricException.Reason.TOO_OLD, "ts " + time + " is "
                + age + " s old, older than " + name + " is kept (see storage-schemas.conf)");
    }

    /** A series' slot: the step-aligned start a value's total is written at. */
    record Slot(String series, long start, int step) {
    }

    /** Adds (or for a gauge sets) {@code value} in the slot. */
    void add(Slot slot, Kind kind, double value, long now) {
        while (true) {
            SeriesCells cells = series.computeIfAbsent(slot.series(),
                    name -> new SeriesCells(kind));
            synchronized (cells) {
                if (cells.retired) {
                    continue; // flushed out meanwhile: take the new entry
                }
                if (cells.kind != kind) {
                    throw new BadMetricException(BadMetricException.Reason.KIND_CONFLICT,
                            slot.series() + " is written as " + cells.kind.name().toLowerCase(
                                    java.util.Locale.ROOT) + " now; a metric keeps one kind"
                            + " (counter, gauge or avg): give the other a name of its own");
                }
                Cell cell = cells.cell(slot);
                if (!cell.seeded) {
                    seed(slot, kind, cell);
                }
                switch (kind) {
                    case SUM, MEAN -> {
                        cell.sum += value;
                        cell.count++;
                    }
                    case LAST -> {
                        cell.sum = value;
                        cell.count = 1;
                    }
                }
                cell.dirty = true;
                cells.dirty = true;
                cells.touched = now;
                return;
            }
        }
    }

    private void seed(Slot slot, Kind kind, Cell cell) {
        cell.seeded = true;
        if (kind == Kind.LAST) {
            return;
        }
        double total = stored.at(slot.series(), slot.start(), slot.step());
        if (!Double.isNaN(total)) {
            cell.sum = total;
            cell.count = 1;
        }
    }

    /**
     * The aggregation a new whisper file of this series should roll up by, when its kind asks
     * for one the rules would not give (a gauge's last value, an avg's mean); else null.
     */
    AggregationMethod aggregationOf(String name) {
        SeriesCells cells = series.get(name);
        if (cells == null) {
            return null;
        }
        return switch (cells.kind) {
            case SUM -> null;
            case LAST -> AggregationMethod.LAST;
            case MEAN -> AggregationMethod.AVERAGE;
        };
    }

    /**
     * Writes every changed total to the store (which may block while the cache is full) and
     * drops cells whose step is long past. One thread calls this.
     */
    synchronized int flush(long now) {
        // a batch left by a failed write goes again first; no cell leaves until it is written
        boolean previousWritten = batch.size() == 0;
        long thisFlush = ++flushes;
        for (Iterator<Map.Entry<String, SeriesCells>> it = series.entrySet().iterator();
                it.hasNext();) {
            Map.Entry<String, SeriesCells> entry = it.next();
            SeriesCells cells = entry.getValue();
            synchronized (cells) {
                if (cells.dirty) {
                    cells.emit(entry.getKey(), batch, thisFlush);
                }
                if (previousWritten) {
                    cells.evict(now, thisFlush);
                }
                if (cells.isEmpty() && now - cells.touched > GRACE_SECONDS) {
                    cells.retired = true;
                    it.remove();
                }
            }
        }
        int written = batch.size();
        if (written > 0) {
            store.store(batch);
            batch.clear();
        }
        return written;
    }

    /** Series with cells in memory (tests, self-metrics). */
    int seriesInMemory() {
        return series.size();
    }

    /** The cells of one series, guarded by its monitor. */
    private static final class SeriesCells {
        final Kind kind;
        final List<Cell> cells = new ArrayList<>(2);
        boolean dirty;
        boolean retired;
        long touched;

        SeriesCells(Kind kind) {
            this.kind = kind;
        }

        Cell cell(Slot slot) {
            for (Cell cell : cells) {
                if (cell.start == slot.start()) {
                    return cell;
                }
            }
            Cell cell = new Cell(slot.start(), slot.step());
            cells.add(cell);
            return cell;
        }

        void emit(String name, PointBatch batch, long flush) {
            for (Cell cell : cells) {
                if (cell.dirty) {
                    batch.add(name, cell.start, kind == Kind.MEAN ? cell.sum / cell.count
                            : cell.sum);
                    cell.dirty = false;
                    cell.emittedIn = flush;
                }
            }
            dirty = false;
        }

        /**
         * Drops cells whose step ended more than the grace ago and whose total an earlier
         * flush already wrote (so that a new cell's read of the stored total sees it).
         */
        void evict(long now, long flush) {
            cells.removeIf(cell -> !cell.dirty && cell.emittedIn < flush
                    && cell.start + cell.step + GRACE_SECONDS < now);
        }

        boolean isEmpty() {
            return cells.isEmpty();
        }
    }

    /** One series' slot: the total (or last value, or sum and count for a mean) so far. */
    private static final class Cell {
        final long start;
        final int step;
        double sum;
        long count;
        boolean seeded;
        boolean dirty;
        long emittedIn;

        Cell(long start, int step) {
            this.start = start;
            this.step = step;
        }
    }
}
