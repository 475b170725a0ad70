package org.dkumonitor.server.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one parser of HTTP/1.x requests (RFC 9112) in the ingest server, reading one request at
 * a time from a connection's stream: {@link #readHead} the request line and header fields,
 * then {@link #readBody} the body by {@code Content-Length} or chunked coding. Bytes read past
 * a request stay buffered for the next one (pipelining).
 *
 * <p>Strict where leniency lets one request hide in another: a {@code Content-Length} that is
 * not digits, two that differ, both a length and {@code Transfer-Encoding}, folded header lines
 * and a coding other than chunked are refused. Lenient where clients are: a bare LF ends a line
 * and empty lines before a request line are skipped. Header bytes are ISO-8859-1 as RFC 9110
 * says; a head over {@code maxHeaderBytes} is 431, a body over {@code maxBodyBytes} 413.
 */
final class HttpRequestReader {

    private static final int BUFFER = 8192;

    private final InputStream in;
    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;

    HttpRequestReader(InputStream in, int maxHeaderBytes, int maxBodyBytes) {
        this.in = in;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Whether bytes of a next request are already buffered. */
    boolean hasBuffered() {
        return position < limit;
    }

    /**
     * Waits for the first byte of the next request; false when the stream ends first. What
     * the server times as idleness; the head and body that follow have a deadline of their own.
     */
    boolean awaitRequest() throws IOException {
        return position < limit || fill();
    }

    /**
     * Reads the next request's head; null when the stream ends cleanly before its first byte.
     *
     * @throws HttpProtocolException when the bytes are not a request this server takes
     */
    RequestHead readHead() throws IOException {
        int budget = maxHeaderBytes;
        String requestLine;
        do {
            LineResult line = readLine(budget, true);
            if (line == null) {
                return null;
            }
            budget -= line.consumed;
            requestLine = line.text;
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new HttpProtocolException(400, "malformed request line '" + printable(requestLine)
                    + "': expected METHOD SP TARGET SP HTTP/1.1");
        }
        String method = parts[0];
        if (!isToken(method)) {
            throw new HttpProtocolException(400, "malformed method '" + printable(method) + "'");
        }
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new HttpProtocolException(505, "HTTP version '" + printable(version)
                    + "' is not served here: send HTTP/1.1 or HTTP/1.0");
        }
        String target = originForm(parts[1]);
        HttpHeaders headers = new HttpHeaders();
        while (true) {
            LineResult line = readLine(budget, false);
            budget -= line.consumed;
            if (line.text.isEmpty()) {
                break;
            }
            header(line.text, headers);
        }
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? null : target.substring(question + 1);
        return framed(method, path, query, version, headers);
    }

    private static RequestHead framed(String method, String path, String query, String version,
            HttpHeaders headers) {
        var codings = headers.all("Transfer-Encoding");
        var lengths = headers.all("Content-Length");
        if (!codings.isEmpty()) {
            if (!lengths.isEmpty()) {
                throw new HttpProtocolException(400, "both Content-Length and"
                        + " Transfer-Encoding: send one of them");
            }
            if (codings.size() != 1 || !codings.get(0).strip().equalsIgnoreCase("chunked")) {
                throw new HttpProtocolException(501, "Transfer-Encoding '"
                        + printable(String.join(", ", codings)) + "' is not supported: send"
                        + " chunked or a Content-Length");
            }
            return new RequestHead(method, path, query, version, headers, -1, true);
        }
        long length = 0;
        for (int i = 0; i < lengths.size(); i++) {
            long value = contentLength(lengths.get(i));
            if (i > 0 && value != length) {
                throw new HttpProtocolException(400, "two different Content-Length values");
            }
            length = value;
        }
        return new RequestHead(method, path, query, version, headers, length, false);
    }

    private static long contentLength(String text) {
        String value = text.strip();
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(
                c -> c >= '0' && c <= '9')) {
            throw new HttpProtocolException(400, "Content-Length '" + printable(text)
                    + "' is not a number of bytes");
        }
        return Long.parseLong(value);
    }

    /** The path-and-query of a target; an absolute-form target loses its scheme and host. */
    private static String originForm(String target) {
        if (target.startsWith("/")) {
            return target;
        }
        int scheme = target.indexOf("://");
        if (scheme > 0 && (target.startsWith("http://") || target.startsWith("https://"))) {
            int slash = target.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : target.substring(slash);
        }
        if (target.equals("*")) {
            return "*";
        }
        throw new HttpProtocolException(400, "request target '" + printable(target)
                + "' is not a path: it must start with /");
    }

    private static void header(String line, HttpHeaders headers) {
        if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            throw new HttpProtocolException(400, "folded header line (obsolete line folding"
                    + " is not accepted): '" + printable(line) + "'");
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.substring(0, colon))) {
            throw new HttpProtocolException(400, "malformed header line '" + printable(line)
                    + "': expected Name: value");
        }
        headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
    }

    /**
     * Reads the body the head announces.
     *
     * @throws HttpProtocolException 413 when it is longer than the limit, 400 when the chunked
     *         coding is malformed or the stream ends inside the body
     */
    byte[] readBody(RequestHead head) throws IOException {
        if (head.chunked()) {
            return readChunked();
        }
        if (head.contentLength() > maxBodyBytes) {
            throw tooLarge(head.contentLength());
        }
        byte[] body = new byte[(int) head.contentLength()];
        int filled = 0;
        int buffered = Math.min(limit - position, body.length);
        System.arraycopy(buffer, position, body, 0, buffered);
        position += buffered;
        filled += buffered;
        while (filled < body.length) {
            int n = in.read(body, filled, body.length - filled);
            if (n < 0) {
                throw new HttpProtocolException(400, "the request body ended after " + filled
                        + " of its " + body.length + " bytes");
            }
            filled += n;
        }
        return body;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(1024, false).text;
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            long size;
            try {
                size = hex.isEmpty() || hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                throw new HttpProtocolException(400, "malformed chunk size '"
                        + printable(sizeLine) + "'");
            }
            if (size == 0) {
                break;
            }
            if (body.size() + size > maxBodyBytes) {
                throw tooLarge(body.size() + size);
            }
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(left, BUFFER);
                body.write(readExactly(n), 0, n);
                left -= n;
            }
            if (!readLine(1024, false).text.isEmpty()) {
                throw new HttpProtocolException(400, "a chunk is longer than its size says");
            }
        }
        int trailerBudget = maxHeaderBytes;
        for (LineResult trailer = readLine(trailerBudget, false); !trailer.text.isEmpty();
                trailer = readLine(trailerBudget, false)) {
            trailerBudget -= trailer.consumed;
        }
        return body.toByteArray();
    }

    private HttpProtocolException tooLarge(long length) {
        return new HttpProtocolException(413, "request body of " + length + " bytes is over"
                + " this server's limit of " + maxBodyBytes + " bytes; send smaller batches");
    }

    private byte[] readExactly(int count) throws IOException {
        byte[] bytes = new byte[count];
        int filled = 0;
        while (filled < count) {
            if (position == limit && !fill()) {
                throw new HttpProtocolException(400, "the request body ended inside a chunk");
            }
            int n = Math.min(count - filled, limit - position);
            System.arraycopy(buffer, position, bytes, filled, n);
            position += n;
            filled += n;
        }
        return bytes;
    }

    private record LineResult(String text, int consumed) {
    }

    /**
     * A line without its CRLF (or LF); null at a clean end of stream before the line's first
     * byte when {@code endAllowed}.
     */
    private LineResult readLine(int budget, boolean endAllowed) throws IOException {
        ByteArrayOutputStream line = null;
        int consumed = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (endAllowed && consumed == 0) {
                    return null;
                }
                throw new HttpProtocolException(400, "the request ended inside its head");
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            consumed += length;
            if (consumed >= budget) {
                throw new HttpProtocolException(431, "request head over this server's limit of "
                        + maxHeaderBytes + " bytes");
            }
            if (position < limit) {
                position++;
                consumed++;
                String text;
                if (line == null) {
                    text = latin1(buffer, start, length);
                } else {
                    line.write(buffer, start, length);
                    byte[] all = line.toByteArray();
                    text = latin1(all, 0, all.length);
                }
                return new LineResult(text, consumed);
            }
            if (line == null) {
                line = new ByteArrayOutputStream();
            }
            line.write(buffer, start, length);
        }
    }

    private static String latin1(byte[] bytes, int from, int length) {
        int end = from + length;
        if (length > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        return new String(bytes, from, end - from, StandardCharsets.ISO_8859_1);
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c > ' ' && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!ok) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /** Text for an error message: control characters shown as '?', long text cut. */
    static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < ' ' || c == 127 ? '?' : c);
        }
        return out.toString();
    }
}
