package org.dkumonitor.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.metrics.MetricTree;

/**
 * {@code /metrics/find?query=}: the nodes matching a pattern in graphite-web's treejson shape,
 * {@code [{"allowChildren": 1, "expandable": 1, "leaf": 0, "id": "a.b", "text": "b",
 * "context": {}}]}, branches before leaves.
 */
final class FindHandler implements ApiServer.Endpoint {

    private static final JsonFactory FACTORY = new JsonFactory();
    private final MetricTree tree;

    FindHandler(MetricTree tree) {
        this.tree = tree;
    }

    @Override
    public ApiServer.Response handle(QueryParameters parameters) throws IOException {
        String query = parameters.get("query", null);
        if (query == null) {
            throw new BadRequestException("missing parameter: query");
        }
        String format = parameters.get("format", "treejson");
        if (!format.equals("treejson") && !format.equals("json")) {
            throw new BadRequestException("format '" + format
                    + "' is not served; use format=treejson");
        }
        List<MetricNode> nodes = tree.find(query);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(body)) {
            json.writeStartArray();
            for (boolean leaves : new boolean[] {false, true}) {
                for (MetricNode node : nodes) {
                    if (node.leaf() != leaves) {
                        continue;
                    }
                    int branch = node.leaf() ? 0 : 1;
                    json.writeStartObject();
                    json.writeNumberField("allowChildren", branch);
                    json.writeNumberField("expandable", branch);
                    json.writeNumberField("leaf", 1 - branch);
                    json.writeStringField("id", node.path());
                    json.writeStringField("text", node.name());
                    json.writeObjectFieldStart("context");
                    json.writeEndObject();
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
        }
        return new ApiServer.Response(200, "application/json", body.toByteArray());
    }
}
