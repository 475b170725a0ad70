package org.dkumonitor.server.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.metrics.NodeFinder;
import org.dkumonitor.server.render.SeriesReader;

/**
 * {@code /metrics/find} (and {@code /metrics}): the nodes matching {@code query}, as
 * graphite-web's find_view writes them. Formats: {@code treejson} (default;
 * {@code [{"text","id","allowChildren","expandable","leaf"}]} with ints, branches before leaves,
 * names de-duplicated, {@code id} = the query's prefix + the name), {@code completer}
 * ({@code {"metrics": [{"path","name","is_leaf"}]}}, branches ending with a dot, the query gets a
 * trailing {@code *}), {@code nodelist} (the distinct names at {@code position}),
 * {@code json} ({@code [{"path","is_leaf"}]}, leaves with their {@code intervals}) and
 * {@code pickle} (graphite-web's cluster protocol, {@link FindPickle}). {@code local} (an int,
 * as graphite-web requires) changes nothing on a single server. {@code from}/{@code until} are
 * accepted and, as whisper has no per-node time ranges, do not filter; an unparsable one is
 * ignored (Grafana's backend sends {@code undefined}).
 */
final class FindHandler implements ApiServer.Endpoint {

    /** The span a leaf holds data for, or null. */
    interface Intervals {
        SeriesReader.Interval of(String path);
    }

    private final NodeFinder tree;
    private final Intervals intervals;

    FindHandler(NodeFinder tree, Intervals intervals) {
        this.tree = tree;
        this.intervals = intervals;
    }

    @Override
    public ApiServer.Response handle(QueryParameters parameters) throws IOException {
        if (!parameters.has("query")) {
            throw new BadRequestException("Missing required parameter 'query'");
        }
        String query = parameters.get("query", "");
        if (query.isEmpty()) {
            throw new BadRequestException("Required parameter 'query' is empty");
        }
        String format = parameters.get("format", "treejson");
        boolean leavesOnly = flag(parameters, "leavesOnly");
        boolean wildcards = flag(parameters, "wildcards");
        integer(parameters, "local", 0);
        String basePath = query.contains(".") ? query.substring(0, query.lastIndexOf('.') + 1)
                : "";
        if (format.equals("completer")) {
            query = query.replace("..", "*.");
            if (!query.endsWith("*")) {
                query += "*";
            }
        }
        List<MetricNode> matches = new ArrayList<>();
        for (MetricNode node : tree.find(query)) {
            if (!leavesOnly || node.leaf()) {
                matches.add(node);
            }
        }
        matches.sort((a, b) -> a.name().compareTo(b.name()));
        return switch (format) {
            case "treejson" -> treejson(parameters, matches, basePath, wildcards);
            case "completer" -> Json.response(parameters, json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("metrics");
                for (MetricNode node : matches) {
                    json.writeStartObject();
                    json.writeStringField("path", node.path() + (node.leaf() ? "" : "."));
                    json.writeStringField("name", node.name());
                    json.writeStringField("is_leaf", node.leaf() ? "1" : "0");
                    json.writeEndObject();
                }
                if (matches.size() > 1 && wildcards) {
                    json.writeStartObject();
                    json.writeStringField("name", "*");
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            case "nodelist" -> {
                int position = integer(parameters, "position", -1);
                Set<String> names = new TreeSet<>();
                for (MetricNode node : matches) {
                    String[] parts = node.path().split("\\.", -1);
                    int index = position < 0 ? parts.length + position : position;
                    if (index < 0 || index >= parts.length) {
                        throw new BadRequestException("position " + position
                                + " is outside the path " + node.path());
                    }
                    names.add(parts[index]);
                }
                yield Json.response(parameters, json -> {
                    json.writeStartObject();
                    json.writeArrayFieldStart("nodes");
                    for (String name : names) {
                        json.writeString(name);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                });
            }
            case "json" -> {
                List<MetricNode> byPath = new ArrayList<>(matches);
                byPath.sort((a, b) -> a.path().compareTo(b.path()));
                yield Json.response(parameters, json -> {
                    json.writeStartArray();
                    for (MetricNode node : byPath) {
                        json.writeStartObject();
                        json.writeStringField("path", node.path());
                        json.writeBooleanField("is_leaf", node.leaf());
                        SeriesReader.Interval interval = node.leaf()
                                ? intervals.of(node.path()) : null;
                        if (node.leaf()) {
                            json.writeArrayFieldStart("intervals");
                            if (interval != null) {
                                json.writeStartObject();
                                json.writeFieldName("start");
                                json.writeNumber(plain(interval.start()));
                                json.writeFieldName("end");
                                json.writeNumber(plain(interval.end()));
                                json.writeEndObject();
                            }
                            json.writeEndArray();
                        }
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                });
            }
            case "pickle" -> new ApiServer.Response(200, "application/pickle",
                    FindPickle.write(matches, intervals));
            default -> throw new BadRequestException("Invalid value for 'format' parameter: '"
                    + format + "'; use treejson, completer, nodelist, json or pickle");
        };
    }

    private static ApiServer.Response treejson(QueryParameters parameters,
            List<MetricNode> matches, String basePath, boolean wildcards) throws IOException {
        return Json.response(parameters, json -> {
            json.writeStartArray();
            if (matches.size() > 1 && wildcards) {
                boolean anyBranch = matches.stream().anyMatch(n -> !n.leaf());
                writeNode(json, "*", basePath + "*", !anyBranch);
            }
            Set<String> found = new HashSet<>();
            List<MetricNode> branches = new ArrayList<>();
            List<MetricNode> leaves = new ArrayList<>();
            for (MetricNode node : matches) {
                if (found.add(node.name())) {
                    (node.leaf() ? leaves : branches).add(node);
                }
            }
            for (MetricNode node : branches) {
                writeNode(json, node.name(), basePath + node.name(), false);
            }
            for (MetricNode node : leaves) {
                writeNode(json, node.name(), basePath + node.name(), true);
            }
            json.writeEndArray();
        });
    }

    private static void writeNode(com.fasterxml.jackson.core.JsonGenerator json, String text,
            String id, boolean leaf) throws IOException {
        int branch = leaf ? 0 : 1;
        json.writeStartObject();
        json.writeStringField("text", text);
        json.writeStringField("id", id);
        json.writeNumberField("allowChildren", branch);
        json.writeNumberField("expandable", branch);
        json.writeNumberField("leaf", 1 - branch);
        json.writeEndObject();
    }

    /** A time as Python's json writes a float: its shortest digits, no exponent. */
    private static String plain(double seconds) {
        return new java.math.BigDecimal(Double.toString(seconds)).toPlainString();
    }

    static boolean flag(QueryParameters parameters, String key) {
        return integer(parameters, key, 0) != 0;
    }

    static int integer(QueryParameters parameters, String key, int defaultValue) {
        if (!parameters.has(key)) {
            return defaultValue;
        }
        String value = parameters.get(key, "");
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException("Invalid int value '" + value + "' for param " + key);
        }
    }
}
