package org.dkumonitor.server.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a request: the query string and, for a form POST, the body; keys repeat.
 * Decoding is lenient as graphite-web's (Django's): {@code +} is a space, a malformed
 * {@code %} escape is kept as written (Grafana sends find queries unencoded), and bytes that are
 * not UTF-8 become U+FFFD rather than failing the request.
 */
public final class QueryParameters {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    public static QueryParameters parse(String... encodedParts) {
        QueryParameters parameters = new QueryParameters();
        for (String encoded : encodedParts) {
            if (encoded == null || encoded.isEmpty()) {
                continue;
            }
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return parameters;
    }

    static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0
                    && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    raw = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(raw, 0, raw.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** Adds a decoded value (a multipart form's field). */
    void add(String key, String value) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    public List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** Whether the key was given at all, even empty (graphite-web's {@code key in params}). */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The last value given for the key, or the default when absent or empty. */
    public String get(String key, String defaultValue) {
        List<String> given = values.get(key);
        if (given == null || given.isEmpty() || given.get(given.size() - 1).isEmpty()) {
            return defaultValue;
        }
        return given.get(given.size() - 1);
    }
}
