package org.dkumonitor.server.ingest;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.dkumonitor.server.api.QueryParameters;

/**
 * One HTTP request as the ingest server received it: the method as sent, the path and query as
 * written in the request target (not percent-decoded), the header fields and the whole body.
 */
public record HttpRequest(String method, String path, String rawQuery, String version,
        HttpHeaders headers, byte[] body, InetSocketAddress remote) {

    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** A request for tests and tools. */
    public static HttpRequest of(String method, String target, byte[] body,
            String... headerNamesAndValues) {
        int question = target.indexOf('?');
        return new HttpRequest(method, question < 0 ? target : target.substring(0, question),
                question < 0 ? null : target.substring(question + 1), "HTTP/1.1",
                HttpHeaders.of(headerNamesAndValues), body, null);
    }

    public String header(String name) {
        return headers.first(name);
    }

    /** The query string's parameters, decoded as graphite-web decodes them. */
    public QueryParameters query() {
        return QueryParameters.parse(rawQuery);
    }
}
