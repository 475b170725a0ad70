package org.dkumonitor.server.api;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.dkumonitor.server.lifecycle.Health;

/**
 * {@code /health}: {@code {"status": "ok"|"failing", "problems": [...], "warnings": [...]}},
 * 200 when healthy and 503 when not, each problem a sentence an operator can act on.
 */
final class HealthHandler implements ApiServer.Endpoint {

    private final Supplier<Health.Report> health;

    HealthHandler(Supplier<Health.Report> health) {
        this.health = health;
    }

    @Override
    public ApiServer.Response handle(QueryParameters parameters) throws IOException {
        Health.Report report = health.get();
        ApiServer.Response body = Json.response(parameters, json -> {
            json.writeStartObject();
            json.writeStringField("status", report.healthy() ? "ok" : "failing");
            list(json, "problems", report.problems());
            list(json, "warnings", report.warnings());
            json.writeEndObject();
        });
        return new ApiServer.Response(report.healthy() ? 200 : 503, body.contentType(),
                body.body());
    }

    private static void list(com.fasterxml.jackson.core.JsonGenerator json, String name,
            List<String> items) throws IOException {
        json.writeArrayFieldStart(name);
        for (String item : items) {
            json.writeString(item);
        }
        json.writeEndArray();
    }
}
