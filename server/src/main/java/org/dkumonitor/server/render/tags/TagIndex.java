package org.dkumonitor.server.render.tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.render.functions.PyRegex;

/**
 * The tagged series of the store ({@code name;tag=value;…} metric names, carbon's tagged
 * syntax) and graphite's tag expressions over them: {@code tag=value}, {@code tag!=value},
 * {@code tag=~regex}, {@code tag!=~regex} (regexes anchored at the start, as Python's
 * re.match). An empty value means "has no such tag" for {@code =} and "has it" for {@code !=}.
 */
public final class TagIndex {

    private final MetricIndex tree;

    public TagIndex(MetricIndex tree) {
        this.tree = tree;
    }

    /** One tagged series: its full name and its tags, {@code name} included. */
    public record Tagged(String path, Map<String, String> tags) {
    }

    /** The tagged series matching every expression, sorted by path. */
    public List<Tagged> matching(List<Expression> expressions, long limit) {
        List<Tagged> out = new ArrayList<>();
        for (Tagged tagged : all(limit)) {
            if (expressions.stream().allMatch(e -> e.matches(tagged.tags()))) {
                out.add(tagged);
            }
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /** Every tagged series the store holds or has cached. */
    public List<Tagged> all(long limit) {
        List<String> names = tree.taggedNames();
        if (names.size() > limit) {
            throw new TagExpressionException("the store holds " + names.size()
                    + " tagged series; tag lookups are refused past api.maxSeriesPerRequest ("
                    + limit + ")");
        }
        List<Tagged> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(parse(name));
        }
        return out;
    }

    public static Tagged parse(String path) {
        int semicolon = path.indexOf(';');
        if (semicolon < 0) {
            return null;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("name", path.substring(0, semicolon));
        for (String pair : path.substring(semicolon + 1).split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                tags.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return new Tagged(path, tags);
    }

    /** A parsed tag expression. */
    public record Expression(String tag, String operator, String value) {

        public static Expression parse(String text) {
            String trimmed = text.strip();
            for (String op : new String[] {"!=~", "=~", "!=", "="}) {
                int at = trimmed.indexOf(op);
                if (at > 0) {
                    return new Expression(trimmed.substring(0, at).strip(), op,
                            trimmed.substring(at + op.length()).strip());
                }
            }
            throw new TagExpressionException("invalid tag expression '" + text
                    + "': expected tag=value, tag!=value, tag=~regex or tag!=~regex");
        }

        public String tagName() {
            return tag;
        }

        public boolean matches(Map<String, String> tags) {
            String actual = tags.get(tag);
            return switch (operator) {
                case "=" -> value.isEmpty() ? actual == null : value.equals(actual);
                case "!=" -> value.isEmpty() ? actual != null : !value.equals(actual);
                case "=~" -> actual != null && PyRegex.compile("^(?:" + value + ")")
                        .search(actual);
                default -> actual == null || !PyRegex.compile("^(?:" + value + ")")
                        .search(actual);
            };
        }
    }
}
