package org.dkumonitor.server.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes series in graphite-web's JSON shape:
 * {@code [{"target": name, "tags": {"name": name}, "datapoints": [[value, timestamp], ...]}]},
 * a missing value as null, infinity as 1e9999.
 */
public final class JsonSeriesWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonSeriesWriter() {
    }

    public static void write(List<Series> series, OutputStream out) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartArray();
            for (Series one : series) {
                json.writeStartObject();
                json.writeStringField("target", one.name());
                json.writeObjectFieldStart("tags");
                json.writeStringField("name", one.name());
                json.writeEndObject();
                json.writeArrayFieldStart("datapoints");
                double[] values = one.values();
                for (int i = 0; i < values.length; i++) {
                    json.writeStartArray();
                    if (Double.isNaN(values[i])) {
                        json.writeNull();
                    } else if (Double.isInfinite(values[i])) {
                        // graphite-web's spelling: valid JSON that parses back to infinity
                        json.writeNumber(values[i] > 0 ? "1e9999" : "-1e9999");
                    } else {
                        json.writeNumber(values[i]);
                    }
                    json.writeNumber(one.timestampAt(i));
                    json.writeEndArray();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }
}
