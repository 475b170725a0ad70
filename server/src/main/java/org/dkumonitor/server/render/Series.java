package org.dkumonitor.server.render;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named series of values at a fixed step, graphite-web's {@code TimeSeries}: value {@code i}
 * is at {@code start + i * step}; a missing value (Python's None) is NaN. {@code end} is the
 * end of the requested window as graphite-web reports it. The values array is owned by the
 * series and never changed after construction; functions make new series.
 *
 * @param pathExpression the path pattern (or function text) the series came from, used by
 *     graphite-web to name aggregates such as {@code sumSeries(a.*)}
 * @param tags graphite-web's tags, at least {@code name}; values are strings
 * @param consolidationFunc how {@code maxDataPoints} merges values (consolidateBy)
 * @param xFilesFactor the least ratio of non-null values a consolidated bucket needs
 */
public record Series(String name, long start, long end, int step, double[] values,
        String pathExpression, Map<String, String> tags, String consolidationFunc,
        double xFilesFactor) {

    public Series {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        if (step <= 0) {
            throw new IllegalArgumentException("step must be positive, found " + step);
        }
        pathExpression = pathExpression == null ? name : pathExpression;
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(
                tags == null ? Map.of("name", name) : tags));
        consolidationFunc = consolidationFunc == null ? "average" : consolidationFunc;
    }

    /** A series read from storage: tags, consolidation and xFilesFactor take their defaults. */
    public Series(String name, long start, long end, int step, double[] values) {
        this(name, start, end, step, values, name, null, null, 0);
    }

    public long timestampAt(int index) {
        return start + (long) step * index;
    }

    public int size() {
        return values.length;
    }

    public double value(int index) {
        return values[index];
    }

    /** A copy with another name, everything else kept (the tags too, as graphite-web does). */
    public Series withName(String newName) {
        return new Series(newName, start, end, step, values, pathExpression, tags,
                consolidationFunc, xFilesFactor);
    }

    /** A copy renamed with its path expression set to the new name. */
    public Series renamed(String newName) {
        return new Series(newName, start, end, step, values, newName, tags, consolidationFunc,
                xFilesFactor);
    }

    public Series withValues(double[] newValues) {
        return new Series(name, start, end, step, newValues, pathExpression, tags,
                consolidationFunc, xFilesFactor);
    }

    /**
     * graphite-web's {@code series.copy(name=, start=, end=, step=, values=)}: a new series,
     * so its path expression is its own name (graphite-web's copy does not pass it on), and an
     * aggregate over it names it ({@code sumSeries(derivative(a.b),derivative(a.c))}).
     */
    public Series copy(String newName, long newStart, long newEnd, int newStep,
            double[] newValues) {
        return new Series(newName, newStart, newEnd, newStep, newValues, newName, tags,
                consolidationFunc, xFilesFactor);
    }

    /**
     * graphite-web's changes of a series in place ({@code series.name = …},
     * {@code series.start = …}): the path expression stays what it was, so an aggregate over
     * it is still named by the pattern ({@code sumSeries(timeShift(a.*, "1h"))} is
     * {@code sumSeries(a.*)}).
     */
    public Series changed(String newName, long newStart, long newEnd, int newStep,
            double[] newValues) {
        return new Series(newName, newStart, newEnd, newStep, newValues, pathExpression, tags,
                consolidationFunc, xFilesFactor);
    }

    public Series withTags(Map<String, String> newTags) {
        return new Series(name, start, end, step, values, pathExpression, newTags,
                consolidationFunc, xFilesFactor);
    }

    /** A copy with one tag added or replaced; the value is written as Python's str() would. */
    public Series withTag(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(tags);
        copy.put(key, value);
        return withTags(copy);
    }

    public Series withConsolidation(String function) {
        return new Series(name, start, end, step, values, pathExpression, tags, function,
                xFilesFactor);
    }

    public Series withXFilesFactor(double factor) {
        return new Series(name, start, end, step, values, pathExpression, tags,
                consolidationFunc, factor);
    }

    public Series withPathExpression(String expression) {
        return new Series(name, start, end, step, values, expression, tags, consolidationFunc,
                xFilesFactor);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series that && name.equals(that.name) && start == that.start
                && end == that.end && step == that.step && Arrays.equals(values, that.values)
                && tags.equals(that.tags);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Series[" + name + " " + start + ".." + end + " step " + step + " "
                + Arrays.toString(values) + "]";
    }
}
