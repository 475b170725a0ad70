package org.dkumonitor.server.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dkumonitor.server.render.tags.TagDatabase;
import org.dkumonitor.server.render.tags.TagExpressionException;
import org.dkumonitor.server.render.tags.TagIndex;

/**
 * graphite-web 1.1.8's tag database HTTP API ({@code graphite/tags/views.py}):
 * <ul>
 * <li>{@code /tags} ({@code filter}, {@code limit}): {@code [{"tag": t}]}, sorted;
 * <li>{@code /tags/<tag>} ({@code filter}, {@code limit}): {@code {"tag": t, "values":
 * [{"count": n, "value": v}]}}, or {@code null} for a tag no series has;
 * <li>{@code /tags/findSeries} ({@code expr} or {@code expr[]}, repeated): the matching paths;
 * <li>{@code /tags/tagSeries} ({@code path}), {@code /tags/tagMultiSeries} ({@code path} or
 * {@code path[]}): the normalised path(s) entered; {@code /tags/delSeries}: {@code true};
 * <li>{@code /tags/autoComplete/tags} ({@code tagPrefix}) and {@code /tags/autoComplete/values}
 * ({@code tag}, {@code valuePrefix}): names or values of the series matching the expressions,
 * sorted, at most {@code limit} (default 100, 0 for all); tags used in the expressions are left
 * out of the names.
 * </ul>
 * Errors are {@code {"error": message}} with status 400, as graphite-web writes them; the
 * filters are regexes anchored at the start. {@code from}/{@code until}/{@code local} change
 * nothing here. The methods each accepts are checked by the dispatcher.
 */
final class TagsHandler {

    private static final int AUTOCOMPLETE_LIMIT = 100;
    private final TagDatabase db;

    TagsHandler(TagDatabase db) {
        this.db = db;
    }

    ApiServer.Response list(QueryParameters parameters) throws IOException {
        return answer(parameters, () -> {
            List<String> tags = db.tags(parameters.get("filter", null), limit(parameters, 0));
            return json -> {
                json.writeStartArray();
                for (String tag : tags) {
                    json.writeStartObject();
                    json.writeStringField("tag", tag);
                    json.writeEndObject();
                }
                json.writeEndArray();
            };
        });
    }

    ApiServer.Response details(String tag, QueryParameters parameters) throws IOException {
        return answer(parameters, () -> {
            TagDatabase.TagValues values = db.values(tag, parameters.get("filter", null),
                    limit(parameters, 0));
            return json -> {
                if (values == null) {
                    json.writeNull();
                    return;
                }
                json.writeStartObject();
                json.writeStringField("tag", values.tag());
                json.writeArrayFieldStart("values");
                for (Map.Entry<String, Integer> value : values.counts().entrySet()) {
                    json.writeStartObject();
                    json.writeNumberField("count", value.getValue());
                    json.writeStringField("value", value.getKey());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            };
        });
    }

    ApiServer.Response findSeries(QueryParameters parameters) throws IOException {
        return answer(parameters, () -> {
            List<String> expressions = listOf(parameters, "expr");
            if (expressions.isEmpty()) {
                throw new BadRequestException("no tag expressions specified");
            }
            return strings(db.findSeries(expressions));
        });
    }

    ApiServer.Response tagSeries(QueryParameters parameters) throws IOException {
        return answer(parameters, () -> {
            String path = parameters.get("path", null);
            if (path == null) {
                throw new BadRequestException("no path specified");
            }
            String entered = db.tagSeries(path);
            return json -> json.writeString(entered);
        });
    }

    ApiServer.Response tagMultiSeries(QueryParameters parameters) throws IOException {
        return answer(parameters, () -> {
            List<String> paths = listOf(parameters, "path");
            if (paths.isEmpty()) {
                throw new BadRequestException("no paths specified");
            }
            List<String> entered = new ArrayList<>();
            for (String path : paths) {
                entered.add(db.tagSeries(path));
            }
            return strings(entered);
        });
    }

    ApiServer.Response delSeries(QueryParameters parameters) throws IOException {
        return answer(parameters, () -> {
            List<String> paths = listOf(parameters, "path");
            if (paths.isEmpty()) {
                throw new BadRequestException("no path specified");
            }
            for (String path : paths) {
                db.delSeries(path);
            }
            return json -> json.writeBoolean(true);
        });
    }

    ApiServer.Response tagNames(QueryParameters parameters) throws IOException {
        return answer(parameters, () -> {
            List<String> expressions = listOf(parameters, "expr");
            String prefix = parameters.get("tagPrefix", "");
            int limit = limit(parameters, AUTOCOMPLETE_LIMIT);
            Set<String> names = new TreeSet<>();
            if (expressions.isEmpty()) {
                names.addAll(db.tags(null, 0));
            } else {
                Set<String> searched = new TreeSet<>();
                for (String expression : expressions) {
                    searched.add(TagIndex.Expression.parse(expression).tagName());
                }
                for (String path : db.findSeries(expressions)) {
                    names.addAll(TagIndex.parse(path).tags()
                            .keySet());
                }
                names.removeAll(searched);
            }
            names.removeIf(name -> !name.startsWith(prefix));
            return strings(cut(names, limit));
        });
    }

    ApiServer.Response tagValues(QueryParameters parameters) throws IOException {
        return answer(parameters, () -> {
            String tag = parameters.get("tag", null);
            if (tag == null) {
                throw new BadRequestException("no tag specified");
            }
            List<String> expressions = listOf(parameters, "expr");
            String prefix = parameters.get("valuePrefix", "");
            int limit = limit(parameters, AUTOCOMPLETE_LIMIT);
            Set<String> values = new TreeSet<>();
            if (expressions.isEmpty()) {
                TagDatabase.TagValues all = db.values(tag, null, 0);
                if (all != null) {
                    values.addAll(all.counts().keySet());
                }
            } else {
                List<String> withTag = new ArrayList<>(expressions);
                withTag.add(tag + "!=");
                for (String path : db.findSeries(withTag)) {
                    values.add(TagIndex.parse(path).tags()
                            .get(tag));
                }
            }
            values.removeIf(value -> !value.startsWith(prefix));
            return strings(cut(values, limit));
        });
    }

    /** What an endpoint computes: the body's writer, or a refusal. */
    private interface Work {
        Json.Body run() throws IOException;
    }

    /** The body, or graphite-web's {@code {"error": message}} with 400. */
    private static ApiServer.Response answer(QueryParameters parameters, Work work)
            throws IOException {
        Json.Body body;
        try {
            body = work.run();
        } catch (BadRequestException | TagExpressionException e) {
            ApiServer.Response error = Json.response(parameters, json -> {
                json.writeStartObject();
                json.writeStringField("error", e.getMessage());
                json.writeEndObject();
            });
            return new ApiServer.Response(400, error.contentType(), error.body());
        }
        return Json.response(parameters, body);
    }

    /** The values of {@code key}, or of {@code key[]} (jQuery's habit) when there are none. */
    private static List<String> listOf(QueryParameters parameters, String key) {
        List<String> values = new ArrayList<>();
        for (String value : parameters.all(key).isEmpty() ? parameters.all(key + "[]")
                : parameters.all(key)) {
            if (!value.isBlank()) {
                values.add(value);
            }
        }
        return values;
    }

    private static int limit(QueryParameters parameters, int defaultLimit) {
        String given = parameters.get("limit", null);
        if (given == null) {
            return defaultLimit;
        }
        try {
            return Integer.parseInt(given.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException("invalid literal for int() with base 10: '" + given
                    + "'");
        }
    }

    private static List<String> cut(Set<String> values, int limit) {
        List<String> list = new ArrayList<>(values);
        return limit > 0 && list.size() > limit ? list.subList(0, limit) : list;
    }

    private static Json.Body strings(List<String> values) {
        return json -> {
            json.writeStartArray();
            for (String value : values) {
                json.writeString(value);
            }
            json.writeEndArray();
        };
    }
}
