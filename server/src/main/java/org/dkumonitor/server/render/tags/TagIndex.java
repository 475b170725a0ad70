package org.dkumonitor.server.render.tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.python.PyRegex;

/**
 * The tagged series of the store ({@code name;tag=value;…} metric names, carbon's tagged
 * syntax) and graphite's tag expressions over them: {@code tag=value}, {@code tag!=value},
 * {@code tag=~regex}, {@code tag!=~regex} (regexes anchored at the start, as Python's
 * re.match). As graphite-web's tag database, a series without the tag is judged as if its
 * value were empty: {@code tag=} and {@code tag=~.*} match it, {@code tag!=} does not; and a
 * query whose every expression matches an empty value is refused (it would list everything).
 */
public final class TagIndex {

    private final MetricIndex tree;

    public TagIndex(MetricIndex tree) {
        this.tree = tree;
    }

    /** One tagged series: its full name and its tags, {@code name} included. */
    public record Tagged(String path, Map<String, String> tags) {
    }

    /**
     * The tagged series matching every expression, sorted by path; refused when every
     * expression matches an empty value (graphite-web: "At least one tagspec must not match
     * the empty string").
     */
    public List<Tagged> matching(List<Expression> expressions, long limit) {
        if (expressions.stream().allMatch(Expression::matchesEmpty)) {
            throw new TagExpressionException("At least one tagspec must not match the empty "
                    + "string: " + expressions.stream().map(Expression::text).toList());
        }
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
    List<Tagged> all(long limit) {
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

    /** The series' tags; a name without tags has only {@code name}. */
    public static Tagged parse(String path) {
        int semicolon = path.indexOf(';');
        if (semicolon < 0) {
            return new Tagged(path, Map.of("name", path));
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

    /**
     * A parsed tag expression, as graphite-web's parse_tagspec reads it; {@code regex} is the
     * compiled value of {@code =~} and {@code !=~}, anchored as graphite-web anchors it (unless
     * it starts with {@code ^} itself), else null.
     */
    public record Expression(String tag, String operator, String value, PyRegex regex) {

        private static final Pattern SPEC = Pattern.compile("([^;!=]+)(!?=~?)([^;]*)");

        public static Expression parse(String text) {
            Matcher matcher = SPEC.matcher(text.strip());
            if (!matcher.matches()) {
                throw new TagExpressionException("invalid tag expression '" + text
                        + "': expected tag=value, tag!=value, tag=~regex or tag!=~regex");
            }
            String operator = matcher.group(2);
            String value = matcher.group(3);
            PyRegex regex = null;
            if (operator.endsWith("~")) {
                try {
                    regex = PyRegex.compile(value.startsWith("^") ? value : "^(" + value + ")");
                } catch (RuntimeException e) {
                    throw new TagExpressionException(e.getMessage());
                }
            }
            return new Expression(matcher.group(1), operator, value, regex);
        }

        public String tagName() {
            return tag;
        }

        String text() {
            return tag + operator + value;
        }

        /** Whether a series without the tag (an empty value) matches. */
        boolean matchesEmpty() {
            return test("");
        }

        boolean matches(Map<String, String> tags) {
            return test(tags.getOrDefault(tag, ""));
        }

        private boolean test(String actual) {
            return switch (operator) {
                case "=" -> value.equals(actual);
                case "!=" -> !value.equals(actual);
                case "=~" -> regex.search(actual);
                default -> !regex.search(actual);
            };
        }
    }
}
