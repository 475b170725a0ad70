package org.dkumonitor.server.events;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which series an accepted request adds to: every event counts one into
 * {@code events.<name>.count}; every era-B point counts one into
 * {@code events.<measurement>.count} and adds each numeric or boolean field into
 * {@code <prefix>.<measurement>.<field>}, tagged with the point's tags (values Graphite refuses
 * in a tag are written with {@code _}; a tag called {@code name}, which Graphite reserves for
 * the series' name, becomes {@code _name}).
 */
final class EventCounting {

    private final EventSeries series;
    private final String prefix;

    EventCounting(EventSeries series, String prefix) {
        this.series = series;
        this.prefix = prefix;
    }

    /** Counts a request received at {@code second}; buckets before {@code notBefore} skipped. */
    void count(StatsBody body, long second, long notBefore) {
        switch (body) {
            case StatsBody.Event event -> series.add(EventSeries.countSeries(event.event()),
                    second, 1, notBefore);
            case StatsBody.Points points -> {
                // summed per series within the request first: an array of 100 points mostly
                // names a handful of series
                Map<String, double[]> sums = new HashMap<>();
                Map<Map<String, JsonScalar>, String> tagTexts = new HashMap<>();
                for (StatsBody.Point point : points.points()) {
                    sums.computeIfAbsent(EventSeries.countSeries(point.measurement()),
                            name -> new double[1])[0]++;
                    String tags = tagTexts.computeIfAbsent(point.tags(), EventCounting::tags);
                    String base = prefix + "." + point.measurement() + ".";
                    for (Map.Entry<String, JsonScalar> field : point.fields().entrySet()) {
                        double value = field.getValue().number();
                        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
                            sums.computeIfAbsent(base + field.getKey() + tags,
                                    name -> new double[1])[0] += value;
                        }
                    }
                }
                sums.forEach((name, sum) -> series.add(name, second, sum[0], notBefore));
            }
        }
    }

    private static String tags(Map<String, JsonScalar> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        new TreeMap<>(tags).forEach((key, value) -> {
            if (!(value instanceof JsonScalar.Null)) {
                // "name" is the series' own name in Graphite's tag model
                text.append(';').append(key.equals("name") ? "_name" : key).append('=')
                        .append(EventNames.tagValue(value.text()));
            }
        });
        return text.toString();
    }
}
