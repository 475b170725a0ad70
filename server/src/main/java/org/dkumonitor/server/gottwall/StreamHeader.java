package org.dkumonitor.server.gottwall;

import java.nio.charset.StandardCharsets;

/**
 * Where a stream's or datagram's auth header ends: at the first {@code --stream-auth--} (the
 * TCP default and the Python clients', also on UDP) or {@code --chunk-auth--} (the UDP default
 * and the Go client's), whichever comes first. GottWall's UDP took only its configured one, so
 * every datagram of a Python client on defaults was dropped; both are taken here.
 */
record StreamHeader(String text, int end) {

    static final byte[] STREAM_AUTH = "--stream-auth--".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CHUNK_AUTH = "--chunk-auth--".getBytes(StandardCharsets.US_ASCII);
    /** More than any real header (GottWallS2, a ts, 32 hex digits, a base, a project). */
    static final int MAX_BYTES = 1024;

    /**
     * The header in {@code bytes[from, to)} and the index just after its delimiter, or null
     * when no delimiter has arrived yet.
     */
    static StreamHeader find(byte[] bytes, int from, int to) {
        int stream = ChunkSplitter.indexOf(bytes, from, to, STREAM_AUTH);
        int chunk = ChunkSplitter.indexOf(bytes, from, stream < 0 ? to
                : Math.min(to, stream + CHUNK_AUTH.length), CHUNK_AUTH);
        int at;
        int length;
        if (chunk >= 0 && (stream < 0 || chunk < stream)) {
            at = chunk;
            length = CHUNK_AUTH.length;
        } else if (stream >= 0) {
            at = stream;
            length = STREAM_AUTH.length;
        } else {
            return null;
        }
        return new StreamHeader(new String(bytes, from, at - from, StandardCharsets.UTF_8),
                at + length);
    }
}
