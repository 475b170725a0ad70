package org.dkumonitor.server.clickhouse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tagged series' name as carbon-clickhouse stores it: carbon's {@code name;b=2;a=1} becomes
 * the URL-like {@code name?a=1&b=2}, tags sorted by key, the name escaped as Go's
 * {@code url.PathEscape} does and every key and value as {@code url.QueryEscape} (so a tag
 * value holding {@code &} or {@code =} stays one value). The tagged table lists each series'
 * tags decoded, {@code __name__=name} first.
 */
final class TaggedPath {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    static final String NAME_TAG = "__name__";

    private TaggedPath() {
    }

    /** Our normalised tagged name (tags already sorted) as carbon-clickhouse's path. */
    static String toClickHouse(String tagged) {
        int semicolon = tagged.indexOf(';');
        if (semicolon < 0) {
            return tagged;
        }
        StringBuilder out = new StringBuilder(tagged.length() + 16);
        escape(tagged.substring(0, semicolon), false, out);
        out.append('?');
        boolean first = true;
        for (String pair : tagged.substring(semicolon + 1).split(";")) {
            int equals = pair.indexOf('=');
            if (!first) {
                out.append('&');
            }
            first = false;
            escape(pair.substring(0, equals), true, out);
            out.append('=');
            escape(pair.substring(equals + 1), true, out);
        }
        return out.toString();
    }

    /** carbon-clickhouse's path of a tagged series back as {@code name;key=value;...}. */
    static String fromClickHouse(String path) {
        int question = path.indexOf('?');
        if (question < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(unescape(path.substring(0, question), false));
        for (String pair : path.substring(question + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            out.append(';').append(unescape(pair.substring(0, equals), true)).append('=')
                    .append(unescape(pair.substring(equals + 1), true));
        }
        return out.toString();
    }

    /** The decoded {@code key=value} strings of the tagged table, {@code __name__} first. */
    static List<String> tags(String tagged) {
        List<String> tags = new ArrayList<>();
        String[] parts = tagged.split(";");
        tags.add(NAME_TAG + "=" + parts[0]);
        for (int i = 1; i < parts.length; i++) {
            tags.add(parts[i]);
        }
        return tags;
    }

    private static void escape(String text, boolean queryComponent, StringBuilder out) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (!shouldEscape(c, queryComponent)) {
                out.append((char) c);
            } else if (c == ' ' && queryComponent) {
                out.append('+');
            } else {
                out.append('%').append((char) HEX[c >> 4]).append((char) HEX[c & 15]);
            }
        }
    }

    /** Go's url.shouldEscape for its path and query-component modes. */
    private static boolean shouldEscape(int c, boolean queryComponent) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return false;
        }
        return switch (c) {
            case '-', '_', '.', '~' -> false;
            case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@' -> queryComponent || c == '?';
            default -> true;
        };
    }

    private static String unescape(String text, boolean queryComponent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0
                    && hex(text.charAt(i + 2)) >= 0) {
                out.write(hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && queryComponent) {
                out.write(' ');
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    bytes = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
