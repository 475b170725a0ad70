package org.dkumonitor.server.render.functions;

import java.util.List;
import java.util.Optional;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.SeriesAggregate;

/** Where path expressions are read: every metric the pattern matches, sorted by name. */
public interface SeriesSource {

    /**
     * The series matching {@code pattern} over {@code (from, until]} seen at {@code now}, each
     * named by its metric path with {@code pathExpression} set to the pattern.
     */
    List<Series> fetch(String pattern, long from, long until, long now);

    /**
     * The tagged series ({@code name;tag=value}) matching every tag expression, sorted by
     * name; none when the source holds no tagged series.
     */
    default List<Series> fetchTagged(List<String> expressions, long from, long until,
            long now) {
        return List.of();
    }

    /**
     * The slot-by-slot aggregate of every series {@code pattern} matches, when the source can
     * compute it where the data lives (ClickHouse) and two series or more match; empty
     * otherwise, and the caller fetches the series and aggregates them itself.
     */
    default Optional<SeriesAggregate> aggregate(String pattern, long from, long until,
            long now) {
        return Optional.empty();
    }

    /**
     * The epoch seconds of the events (graphite-web's annotations) in {@code [from, until]}
     * carrying every tag in {@code tags} (all events when empty); none by default.
     */
    default long[] eventTimes(List<String> tags, long from, long until) {
        return new long[0];
    }
}
