package org.dkumonitor.server.http;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The request target of a request line, read as graphite-web's servers read it rather than as
 * {@link URI} would: browsers and scripts send {@code {}|^[]`"<>\} and raw UTF-8 unencoded in
 * Graphite URLs ({@code target=sumSeries(a.{b,c})}), and gunicorn or Django take them as they
 * are. Every byte a URI may not hold is percent-encoded here, so the handlers see a valid
 * {@link URI} whose raw query, once percent-decoded, is exactly what the client sent: a
 * {@code %} that does not start an escape becomes {@code %25}, and escapes already present are
 * left alone. The first {@code #} starts the fragment, which is dropped as every server drops
 * it. An absolute target ({@code http://host/path}, what proxies send) keeps its path and query.
 */
final class RequestTarget {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestTarget() {
    }

    /** The target as a URI; {@code raw} is the target's bytes, ISO-8859-1 decoded. */
    static URI parse(String raw) throws HttpParseException {
        String target = raw;
        if (target.equals("*")) {
            return URI.create("*");
        }
        if (target.regionMatches(true, 0, "http://", 0, 7)
                || target.regionMatches(true, 0, "https://", 0, 8)) {
            int authority = target.indexOf("//") + 2;
            int path = authority;
            while (path < target.length() && "/?#".indexOf(target.charAt(path)) < 0) {
                path++;
            }
            target = path == target.length() || target.charAt(path) != '/'
                    ? "/" + target.substring(path) : target.substring(path);
        }
        if (target.isEmpty() || target.charAt(0) != '/') {
            throw new HttpParseException(400, "the request target must start with '/', found '"
                    + abbreviate(raw) + "'");
        }
        int fragment = target.indexOf('#');
        if (fragment >= 0) {
            target = target.substring(0, fragment);
        }
        try {
            return new URI(encode(target));
        } catch (URISyntaxException e) {
            throw new HttpParseException(400, "cannot read the request target '"
                    + abbreviate(raw) + "': " + e.getReason());
        }
    }

    /** Percent-encodes every character a URI's path or query may not hold as it is. */
    static String encode(String target) {
        StringBuilder out = null;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            boolean keep = allowed(c) || (c == '%' && i + 2 < target.length()
                    && hex(target.charAt(i + 1)) && hex(target.charAt(i + 2)));
            if (keep) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(target.length() + 16).append(target, 0, i);
            }
            // the target was read as ISO-8859-1, so each char is one byte of what was sent
            int b = c & 0xFF;
            out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
        }
        return out == null ? target : out.toString();
    }

    /** RFC 3986's unreserved and sub-delimiter characters, ':', '@', '/' and '?'. */
    private static boolean allowed(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
