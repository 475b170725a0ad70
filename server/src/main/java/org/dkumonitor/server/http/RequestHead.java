package org.dkumonitor.server.http;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * A request line and its header fields. {@code uri} is the target made valid by
 * {@link RequestTarget}; {@code requestLine} is what the client sent, for messages.
 */
public record RequestHead(String method, URI uri, String version, Headers headers,
        String requestLine) {

    /** HTTP/1.0 (the connection closes after the answer unless the client asked otherwise). */
    public boolean http10() {
        return version.equals("HTTP/1.0");
    }

    /** Whether the client wants the connection closed after this exchange. */
    public boolean wantsClose() {
        String connection = tokens("Connection");
        if (connection.contains("close")) {
            return true;
        }
        return http10() && !connection.contains("keep-alive");
    }

    public boolean expectsContinue() {
        return !http10() && "100-continue".equalsIgnoreCase(headers.getFirst("Expect"));
    }

    /** The header's values joined by commas, lower-cased, for token checks. */
    public String tokens(String name) {
        List<String> values = headers.get(name);
        return values == null ? "" : String.join(",", values).toLowerCase(Locale.ROOT);
    }
}
