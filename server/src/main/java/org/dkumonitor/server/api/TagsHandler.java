package org.dkumonitor.server.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dkumonitor.server.render.tags.TagExpressionException;
import org.dkumonitor.server.render.tags.TagIndex;

/**
 * {@code /tags/autoComplete/tags} and {@code /tags/autoComplete/values}: tag names (or the values
 * of {@code tag}) of the tagged series matching every {@code expr} (or {@code expr[]}),
 * starting with {@code tagPrefix} / {@code valuePrefix}, sorted, at most {@code limit}
 * (graphite-web's default 100; 0 means no limit). Tags used in the expressions are left out of
 * the names, as graphite-web does. {@code from}/{@code until} do not filter.
 */
final class TagsHandler {

    private static final long SCAN_LIMIT = 1_000_000;
    private final TagIndex index;

    TagsHandler(TagIndex index) {
        this.index = index;
    }

    ApiServer.Response tagNames(QueryParameters parameters) throws IOException {
        List<TagIndex.Expression> expressions = expressions(parameters);
        String prefix = parameters.get("tagPrefix", "");
        Set<String> used = new TreeSet<>();
        expressions.forEach(e -> used.add(e.tagName()));
        Set<String> names = new TreeSet<>();
        for (TagIndex.Tagged tagged : matching(expressions)) {
            for (String tag : tagged.tags().keySet()) {
                if (tag.startsWith(prefix) && !used.contains(tag)) {
                    names.add(tag);
                }
            }
        }
        return strings(parameters, names);
    }

    ApiServer.Response tagValues(QueryParameters parameters) throws IOException {
        String tag = parameters.get("tag", null);
        if (tag == null) {
            throw new BadRequestException("Missing required parameter 'tag'");
        }
        List<TagIndex.Expression> expressions = expressions(parameters);
        String prefix = parameters.get("valuePrefix", "");
        Set<String> values = new TreeSet<>();
        for (TagIndex.Tagged tagged : matching(expressions)) {
            String value = tagged.tags().get(tag);
            if (value != null && value.startsWith(prefix)) {
                values.add(value);
            }
        }
        return strings(parameters, values);
    }

    private List<TagIndex.Tagged> matching(List<TagIndex.Expression> expressions) {
        try {
            return index.matching(expressions, SCAN_LIMIT);
        } catch (TagExpressionException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static List<TagIndex.Expression> expressions(QueryParameters parameters) {
        List<String> texts = new ArrayList<>(parameters.all("expr"));
        texts.addAll(parameters.all("expr[]"));
        List<TagIndex.Expression> out = new ArrayList<>();
        for (String text : texts) {
            if (!text.isBlank()) {
                try {
                    out.add(TagIndex.Expression.parse(text));
                } catch (TagExpressionException e) {
                    throw new BadRequestException(e.getMessage());
                }
            }
        }
        return out;
    }

    private static ApiServer.Response strings(QueryParameters parameters, Set<String> values)
            throws IOException {
        int limit = 100;
        String given = parameters.get("limit", null);
        if (given != null) {
            try {
                limit = Integer.parseInt(given.strip());
            } catch (NumberFormatException e) {
                throw new BadRequestException("Invalid int value '" + given + "' for param limit");
            }
        }
        int max = limit <= 0 ? Integer.MAX_VALUE : limit;
        return Json.response(parameters, json -> {
            json.writeStartArray();
            int n = 0;
            for (String value : values) {
                if (n++ >= max) {
                    break;
                }
                json.writeString(value);
            }
            json.writeEndArray();
        });
    }
}
