package org.dkumonitor.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.render.functions.FunctionDef;
import org.dkumonitor.server.render.functions.FunctionLibrary;
import org.dkumonitor.server.render.functions.Param;

/**
 * {@code /functions} and {@code /functions/<name>}: the functions served, in graphite-web's
 * shape ({@code {name: {name, function, description, module, group, params: [{name, type,
 * required?, default?, multiple?, options?, suggestions?}]}}}), always valid JSON (an infinite
 * default is written {@code 1e9999}). {@code grouped=1} nests by group, {@code group=} filters,
 * {@code type=pie} gives {@code {}} since no pie functions are served.
 */
final class FunctionsHandler implements ApiServer.Endpoint {

    private static final String MODULE = "graphite.render.functions";

    private final FunctionLibrary library;

    FunctionsHandler(FunctionLibrary library) {
        this.library = library;
    }

    @Override
    public ApiServer.Response handle(QueryParameters parameters) throws IOException {
        return list(parameters);
    }

    ApiServer.Response list(QueryParameters parameters) throws IOException {
        boolean pie = "pie".equals(parameters.get("type", null));
        String grouped = parameters.get("grouped", "").toLowerCase(java.util.Locale.ROOT);
        boolean byGroup = grouped.equals("1") || grouped.equals("true");
        String group = parameters.get("group", null);
        Map<String, List<FunctionDef>> groups = new LinkedHashMap<>();
        List<FunctionDef> selected = new ArrayList<>();
        if (!pie) {
            for (FunctionDef def : library.all()) {
                if (group == null || group.equals(def.group())) {
                    selected.add(def);
                    groups.computeIfAbsent(def.group(), g -> new ArrayList<>()).add(def);
                }
            }
        }
        return Json.response(parameters, json -> {
            json.writeStartObject();
            if (byGroup) {
                for (Map.Entry<String, List<FunctionDef>> entry : groups.entrySet()) {
                    json.writeObjectFieldStart(entry.getKey());
                    for (FunctionDef def : entry.getValue()) {
                        json.writeFieldName(def.name());
                        write(json, def);
                    }
                    json.writeEndObject();
                }
            } else {
                for (FunctionDef def : selected) {
                    json.writeFieldName(def.name());
                    write(json, def);
                }
            }
            json.writeEndObject();
        });
    }

    ApiServer.Response one(String name, QueryParameters parameters) throws IOException {
        FunctionDef def = "pie".equals(parameters.get("type", null)) ? null : library.get(name);
        if (def == null) {
            return new ApiServer.Response(404, "text/plain; charset=utf-8",
                    ("Function not found: " + name + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Json.response(parameters, json -> write(json, def));
    }

    private static void write(JsonGenerator json, FunctionDef def) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", def.name());
        json.writeStringField("function", def.signature());
        json.writeStringField("description", def.description());
        json.writeStringField("module", MODULE);
        json.writeStringField("group", def.group());
        json.writeArrayFieldStart("params");
        for (Param param : def.params()) {
            json.writeStartObject();
            json.writeStringField("name", param.name());
            json.writeStringField("type", param.type().jsonName());
            if (param.required()) {
                json.writeBooleanField("required", true);
            }
            Object defaultValue = param.defaultValue();
            if (defaultValue != null) {
                json.writeFieldName("default");
                switch (defaultValue) {
                    case Boolean b -> json.writeBoolean(b);
                    case Long l -> json.writeNumber(l);
                    case Double d when d.isInfinite() -> json.writeNumber(d > 0 ? "1e9999"
                            : "-1e9999");
                    case Double d -> json.writeNumber(d);
                    default -> json.writeString(defaultValue.toString());
                }
            }
            if (param.multiple()) {
                json.writeBooleanField("multiple", true);
            }
            if (!param.options().isEmpty()) {
                json.writeArrayFieldStart("options");
                for (String option : param.options()) {
                    json.writeString(option);
                }
                json.writeEndArray();
            }
            if (!param.suggestions().isEmpty()) {
                json.writeArrayFieldStart("suggestions");
                for (String suggestion : param.suggestions()) {
                    if (suggestion.matches("\\d{1,9}")) {
                        json.writeNumber(Integer.parseInt(suggestion)); // graphite-web's ints
                    } else {
                        json.writeString(suggestion);
                    }
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
