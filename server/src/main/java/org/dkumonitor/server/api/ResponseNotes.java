package org.dkumonitor.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers that the code answering a request adds to its response from wherever it runs (a
 * cluster front end saying which members were missing), without every endpoint passing them
 * back: bound for the request's thread while {@link ApiServer} runs the endpoint.
 */
public final class ResponseNotes {

    static final ScopedValue<ResponseNotes> CURRENT = ScopedValue.newInstance();

    private final Map<String, String> headers = new LinkedHashMap<>();

    /** Sets a header on the current request's response; outside a request, does nothing. */
    public static void header(String name, String value) {
        if (CURRENT.isBound()) {
            ResponseNotes notes = CURRENT.get();
            synchronized (notes.headers) {
                notes.headers.put(name, value);
            }
        }
    }

    Map<String, String> headers() {
        synchronized (headers) {
            return Map.copyOf(headers);
        }
    }
}
