package org.dkumonitor.server.gottwall;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits GottWall's stream into messages: {@code <json>--chunk--<json>--chunk--...} (spec
 * section 5). A message is handed over once its delimiter has arrived; one read may complete
 * many; empty pieces between delimiters are skipped. A message longer than {@code maxMessage}
 * bytes without a delimiter is not buffered further: its bytes are skipped up to the next
 * delimiter and it is reported as overlong, so a peer that never sends one costs a bounded
 * buffer, not memory without end. Bytes left at the end of the stream are an incomplete
 * message ({@link #pending}).
 */
final class ChunkSplitter {

    static final byte[] CHUNK_DELIMITER = "--chunk--".getBytes(StandardCharsets.US_ASCII);
    private static final int READ_SIZE = 64 * 1024;

    /** What the splitter finds. */
    interface Handler {
        /** A complete message, {@code bytes[from, to)}; valid only during the call. */
        void message(byte[] bytes, int from, int to);

        /** A message of at least {@code length} bytes was skipped. */
        void overlong(long length);
    }

    private final int maxMessage;
    private final byte[] buffer;
    private int start;
    private int end;
    private int scan;
    private boolean skipping;
    private long skipped;

    ChunkSplitter(int maxMessage) {
        this.maxMessage = maxMessage;
        this.buffer = new byte[maxMessage + CHUNK_DELIMITER.length + READ_SIZE];
    }

    /** Reads once from {@code in} and hands over what completed; -1 at the end of stream. */
    int readFrom(InputStream in, Handler handler) throws IOException {
        compact();
        int n = in.read(buffer, end, buffer.length - end);
        if (n > 0) {
            end += n;
            split(handler);
        }
        return n;
    }

    /** Takes {@code data[offset, offset + length)} (tests, the rest of a header's read). */
    void feed(byte[] data, int offset, int length, Handler handler) {
        while (length > 0) {
            compact();
            int n = Math.min(length, buffer.length - end);
            System.arraycopy(data, offset, buffer, end, n);
            end += n;
            offset += n;
            length -= n;
            split(handler);
        }
    }

    /** Bytes of a message whose delimiter has not arrived (or of one being skipped). */
    long pending() {
        return skipping ? skipped + (end - start) : end - start;
    }

    private void split(Handler handler) {
        byte[] delimiter = CHUNK_DELIMITER;
        while (true) {
            int at = indexOf(buffer, Math.max(scan, start), end, delimiter);
            if (at < 0) {
                break;
            }
            if (skipping) {
                skipping = false;
                handler.overlong(skipped + (at - start));
                skipped = 0;
            } else if (at > start) {
                handler.message(buffer, start, at);
            }
            start = at + delimiter.length;
            scan = start;
        }
        // the next search resumes where a delimiter may still be completing
        scan = Math.max(start, end - delimiter.length + 1);
        if (end - start > maxMessage) {
            int keep = delimiter.length - 1;
            skipped += end - keep - start;
            skipping = true;
            start = end - keep;
            scan = start;
        }
    }

    private void compact() {
        if (start == end) {
            start = 0;
            end = 0;
            scan = 0;
        } else if (buffer.length - end < READ_SIZE && start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scan -= start;
            start = 0;
        }
    }

    /** The first {@code needle} in {@code haystack[from, to)}, or -1. */
    static int indexOf(byte[] haystack, int from, int to, byte[] needle) {
        byte first = needle[0];
        int last = to - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
