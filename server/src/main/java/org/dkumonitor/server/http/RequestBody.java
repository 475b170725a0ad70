package org.dkumonitor.server.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * A request's body as the handler reads it: exactly Content-Length bytes of the connection, or
 * the chunks of a chunked body (RFC 9112 section 7.1; extensions and trailers skipped), never a
 * byte of the next request. A body cut short fails the read with {@link EOFException}, a
 * malformed chunk with {@link ProtocolException}. Closing it leaves the rest unread;
 * {@link #drain} skips it so the connection can serve the next request.
 */
public abstract sealed class RequestBody extends InputStream {

    /** The body that the head announces. */
    public static RequestBody of(RequestHead head, InputStream connection)
            throws HttpParseException {
        String encoding = head.tokens("Transfer-Encoding");
        String length = head.headers().getFirst("Content-Length");
        if (!encoding.isEmpty()) {
            if (head.headers().containsKey("Content-Length")) {
                throw new HttpParseException(400, "a request may not have both "
                        + "Transfer-Encoding and Content-Length");
            }
            if (!encoding.strip().equals("chunked")) {
                throw new HttpParseException(501, "Transfer-Encoding '" + encoding
                        + "' is not supported; send chunked or a Content-Length");
            }
            return new Chunked(connection);
        }
        if (length == null) {
            return new Fixed(connection, 0);
        }
        if (head.headers().get("Content-Length").size() > 1 || !length.matches("\\d{1,18}")) {
            throw new HttpParseException(400, "bad Content-Length '"
                    + RequestTarget.abbreviate(String.valueOf(
                            head.headers().get("Content-Length"))) + "'");
        }
        return new Fixed(connection, Long.parseLong(length));
    }

    /** The length the head announced, or -1 for a chunked body. */
    public long declaredLength() {
        return -1;
    }

    /**
     * Reads and discards what the handler left, up to {@code limit} bytes; false when more was
     * left (the connection must then close rather than read it).
     */
    boolean drain(long limit) throws IOException {
        byte[] skip = new byte[8192];
        long total = 0;
        int n;
        while ((n = read(skip, 0, skip.length)) > 0) {
            total += n;
            if (total > limit) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    /** Exactly {@code remaining} bytes. */
    static final class Fixed extends RequestBody {

        private final InputStream in;
        private final long length;
        private long remaining;

        Fixed(InputStream in, long length) {
            this.in = in;
            this.length = length;
            this.remaining = length;
        }

        @Override
        public long declaredLength() {
            return length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the connection ended " + remaining
                        + " bytes before the end of the request body");
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }
    }

    /** A chunked body: hex size line, data, CRLF; a zero size and trailers end it. */
    static final class Chunked extends RequestBody {

        private static final int MAX_LINE = 4096;
        private final InputStream in;
        private long chunkLeft;
        private boolean ended;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (chunkLeft == 0) {
                chunkLeft = nextChunkSize();
                if (chunkLeft == 0) {
                    while (!line().isEmpty()) {
                        // trailer fields: skipped
                    }
                    ended = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("the connection ended inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !line().isEmpty()) {
                throw new ProtocolException("a chunk is longer than its size says");
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            String line = line();
            int semicolon = line.indexOf(';');
            String size = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
            if (!size.matches("[0-9A-Fa-f]{1,15}")) {
                throw new ProtocolException("bad chunk size '"
                        + RequestTarget.abbreviate(line) + "'");
            }
            return Long.parseLong(size, 16);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new EOFException("the connection ended inside a chunk");
                }
                if (line.length() >= MAX_LINE) {
                    throw new ProtocolException("chunk line over " + MAX_LINE + " bytes");
                }
                line.append((char) c);
            }
            int end = line.length();
            return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1)
                    : line.toString();
        }
    }
}
