package org.dkumonitor.server.http;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads an HTTP/1.x request head (RFC 9112 sections 2-5) from a stream: empty lines before the
 * request line are skipped, lines end with CRLF or a bare LF, the request line is method, target
 * and version separated by spaces. Leniency where Graphite clients need it: the target is
 * everything between the first and the last space (a raw space in a query stays in it) and is
 * made a valid URI by {@link RequestTarget}. Strictness where it protects the server: header
 * names must be tokens with no space before the colon, folded header lines are refused, and
 * the head is bounded ({@value #MAX_LINE_BYTES} bytes for the request line,
 * {@value #MAX_HEAD_BYTES} in all unless the server sets less, {@value #MAX_HEADERS} fields:
 * the JDK server's limits). The one parser of request heads: the API's server and the ingest
 * server (PORT+6) both read with it.
 */
public final class RequestHeadParser {

    static final int MAX_LINE_BYTES = 64 * 1024;
    static final int MAX_HEAD_BYTES = 380 * 1024;
    static final int MAX_HEADERS = 200;
    private static final int MAX_EMPTY_LINES = 16;

    private RequestHeadParser() {
    }

    /** The next request's head, or null when the stream ends cleanly before one starts. */
    static RequestHead read(InputStream in) throws IOException {
        return read(in, MAX_HEAD_BYTES);
    }

    /** The same, with the whole head bounded to {@code maxHeadBytes} (then 431). */
    public static RequestHead read(InputStream in, int maxHeadBytes) throws IOException {
        int[] budget = {Math.min(maxHeadBytes, MAX_HEAD_BYTES)};
        int maxHead = budget[0];
        String line = "";
        for (int empty = 0; line.isEmpty(); empty++) {
            if (empty > MAX_EMPTY_LINES) {
                throw new HttpParseException(400, "no request line after " + MAX_EMPTY_LINES
                        + " empty lines");
            }
            line = readLine(in, budget, MAX_LINE_BYTES, 414, maxHead);
            if (line == null) {
                return null;
            }
        }
        int firstSpace = line.indexOf(' ');
        int lastSpace = line.lastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace == firstSpace) {
            throw new HttpParseException(400, "bad request line '"
                    + RequestTarget.abbreviate(line) + "': expected METHOD TARGET HTTP/1.1");
        }
        String method = line.substring(0, firstSpace);
        if (!isToken(method)) {
            throw new HttpParseException(400, "bad request method '"
                    + RequestTarget.abbreviate(method) + "'");
        }
        String version = line.substring(lastSpace + 1);
        if (!version.matches("HTTP/\\d\\.\\d")) {
            throw new HttpParseException(400, "bad HTTP version '"
                    + RequestTarget.abbreviate(version) + "' in request line");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new HttpParseException(505, "HTTP version " + version
                    + " is not supported; use HTTP/1.1");
        }
        String target = line.substring(firstSpace + 1, lastSpace).strip();
        Headers headers = new Headers();
        int count = 0;
        while (true) {
            String field = readLine(in, budget, MAX_HEAD_BYTES, 431, maxHead);
            if (field == null) {
                throw new HttpParseException(400, "the connection ended inside the request head");
            }
            if (field.isEmpty()) {
                break;
            }
            if (++count > MAX_HEADERS) {
                throw new HttpParseException(431, "more than " + MAX_HEADERS
                        + " header fields");
            }
            char first = field.charAt(0);
            if (first == ' ' || first == '\t') {
                throw new HttpParseException(400, "folded header lines are not accepted");
            }
            int colon = field.indexOf(':');
            String name = colon < 0 ? "" : field.substring(0, colon);
            if (!isToken(name)) {
                throw new HttpParseException(400, "bad header field '"
                        + RequestTarget.abbreviate(field) + "'");
            }
            String value = field.substring(colon + 1).strip();
            if (value.indexOf('\r') >= 0) {
                // the JDK's Headers refuses it with an IllegalArgumentException
                throw new HttpParseException(400, "a bare CR in header field '"
                        + RequestTarget.abbreviate(name) + "'");
            }
            headers.add(name, value);
        }
        return new RequestHead(method, RequestTarget.parse(target), version, headers, line);
    }

    /**
     * One line without its end, ISO-8859-1 decoded (so each char is one byte of the input);
     * null when the stream ends before the line's first byte. A line over {@code maxLine}
     * bytes, or a head over its budget, fails with {@code overflowStatus}.
     */
    private static String readLine(InputStream in, int[] budget, int maxLine,
            int overflowStatus, int maxHead) throws IOException {
        byte[] bytes = new byte[128];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (length == 0) {
                    return null;
                }
                throw new HttpParseException(400, "the connection ended inside the request head");
            }
            boolean end = b == '\n';
            if (--budget[0] < 0 || (!end && length >= maxLine)) {
                throw new HttpParseException(overflowStatus, overflowStatus == 414
                        ? "request line over " + MAX_LINE_BYTES + " bytes; send long targets"
                                + " as a form POST"
                        : "request head over this server's limit of " + maxHead + " bytes");
            }
            if (end) {
                int stop = length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
                return new String(bytes, 0, stop, StandardCharsets.ISO_8859_1);
            }
            if (length == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, length * 2);
            }
            bytes[length++] = (byte) b;
        }
    }

    /** RFC 9110's token: visible ASCII except separators. */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
