package org.dkumonitor.server.events;

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
                for (StatsBody.Point point : points.points()) {
                    series.add(EventSeries.countSeries(point.measurement()), second, 1,
                            notBefore);
                    String tags = tags(point.tags());
                    for (Map.Entry<String, JsonScalar> field : point.fields().entrySet()) {
                        double value = field.getValue().number();
                        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
                            series.add(prefix + "." + point.measurement() + "." + field.getKey()
                                    + tags, second, value, notBefore);
                        }
                    }
                }
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
