package org.dkumonitor.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A JSON response body written with Jackson's streaming generator, jsonp and pretty aware. */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes the body. */
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private Json() {
    }

    public static ApiServer.Response response(QueryParameters parameters, Body body)
            throws IOException {
        ByteArrayOutputStream out = org.dkumonitor.server.limits.RequestGate.responseBuffer();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            if (!parameters.get("pretty", "").isEmpty()) {
                json.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            body.write(json);
        }
        String jsonp = parameters.get("jsonp", null);
        if (jsonp != null) {
            if (!jsonp.matches("[A-Za-z_$][A-Za-z0-9_$.]*")) {
                throw new BadRequestException("jsonp must be a JavaScript identifier");
            }
            String wrapped = jsonp + "(" + out.toString(StandardCharsets.UTF_8) + ")";
            return new ApiServer.Response(200, "text/javascript",
                    wrapped.getBytes(StandardCharsets.UTF_8));
        }
        return new ApiServer.Response(200, "application/json", out.toByteArray());
    }
}
