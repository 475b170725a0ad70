package org.dkumonitor.server.render;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Where the render API reads a metric's points over a time range, merged with the points still
 * in the cache: whisper files ({@link SeriesReader}) or ClickHouse. A store that can aggregate
 * many series where the data lives says so through {@link #aggregate}.
 */
public interface SeriesStore extends Closeable {

    /** Below this many metrics {@link #readAll} reads them one after the other. */
    int PARALLEL_THRESHOLD = 16;

    /** The metric over {@code (from, until]} as seen at {@code now}; null if it does not exist. */
    Series read(String metric, long from, long until, long now);

    /**
     * Several metrics over one window, in the order given, null for those that do not exist.
     * By default each is read on its own, on all cores when there are many.
     */
    default Series[] readAll(List<String> metrics, long from, long until, long now) {
        Series[] read = new Series[metrics.size()];
        IntStream indexes = IntStream.range(0, read.length);
        (read.length >= PARALLEL_THRESHOLD ? indexes.parallel() : indexes).forEach(i ->
                read[i] = read(metrics.get(i), from, until, now));
        return read;
    }

    /**
     * The point-by-point aggregate of the metrics over {@code (from, until]}, computed by the
     * store without returning every series; empty when this store cannot (the caller reads
     * the series and aggregates them itself). Only asked for two metrics or more.
     */
    default Optional<SeriesAggregate> aggregate(List<String> metrics, long from, long until,
            long now) {
        return Optional.empty();
    }

    /**
     * The span the metric holds data for, as a cluster front end is told with a find
     * (graphite-web's IntervalSet); null when the metric does not exist.
     */
    Interval interval(String metric, double now);

    /** A span of time a metric has data for, in seconds since the epoch. */
    record Interval(double start, double end) {
    }

    /** Releases what the store keeps open between requests. */
    @Override
    void close();
}
