package org.dkumonitor.server;

import java.io.InputStream;

/** An input stream that hands out one byte per read: how stream parsers are tested here. */
public final class OneByteAtATime extends InputStream {

    private final byte[] bytes;
    private int at;

    public OneByteAtATime(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int read() {
        return at < bytes.length ? bytes[at++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (at == bytes.length) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        b[off] = bytes[at++];
        return 1;
    }
}
