package org.dkumonitor.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A response's body as the handler writes it, framed as its headers announced: exactly
 * Content-Length bytes (more is an error, fewer closes the connection), chunked (HTTP/1.1 with
 * no length given), or until the connection closes (HTTP/1.0 with no length given). Closing it
 * ends the body but never the connection.
 */
abstract sealed class ResponseBody extends OutputStream {

    protected final OutputStream out;
    private boolean closed;

    ResponseBody(OutputStream out) {
        this.out = out;
    }

    /** Whether the body was written as announced, so the connection may serve another request. */
    abstract boolean complete();

    /** Ends the body (the last chunk of a chunked one) and flushes. */
    protected abstract void finish() throws IOException;

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public final void close() throws IOException {
        if (!closed) {
            closed = true;
            finish();
            out.flush();
        }
    }

    final void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the response body is closed");
        }
    }

    /** A body of exactly {@code length} bytes (0 for none). */
    static final class Fixed extends ResponseBody {

        private long remaining;

        Fixed(OutputStream out, long length) {
            super(out);
            this.remaining = length;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkOpen();
            if (len > remaining) {
                throw new IOException("the response body is longer than the " + remaining
                        + " bytes still announced");
            }
            out.write(b, off, len);
            remaining -= len;
        }

        @Override
        boolean complete() {
            return remaining == 0;
        }

        @Override
        protected void finish() {
            // nothing ends a fixed-length body
        }
    }

    /** A chunked body: each write is one chunk. */
    static final class Chunked extends ResponseBody {

        Chunked(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkOpen();
            if (len == 0) {
                return;
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, off, len);
            out.write('\r');
            out.write('\n');
        }

        @Override
        boolean complete() {
            return true;
        }

        @Override
        protected void finish() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A body that ends when the connection closes (HTTP/1.0 without a length). */
    static final class UntilClose extends ResponseBody {

        UntilClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkOpen();
            out.write(b, off, len);
        }

        @Override
        boolean complete() {
            return false;
        }

        @Override
        protected void finish() {
            // the connection's end ends the body
        }
    }
}
