package org.dkumonitor.server.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request's header fields, the values of each name in the order received; names compare
 * case-insensitively.
 */
public final class HttpHeaders {

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    void add(String name, String value) {
        names.add(name.toLowerCase(Locale.ROOT));
        values.add(value);
    }

    /** The first value of the field, or null when absent. */
    public String first(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(key)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Every value of the field, in order. */
    public List<String> all(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(key)) {
                found.add(values.get(i));
            }
        }
        return found;
    }

    public int size() {
        return names.size();
    }

    /** The fields the request head parser read. */
    static HttpHeaders of(com.sun.net.httpserver.Headers fields) {
        HttpHeaders headers = new HttpHeaders();
        fields.forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
        return headers;
    }

    /** Builds headers for tests and tools. */
    public static HttpHeaders of(String... namesAndValues) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
