package org.dkumonitor.server.events.log;

import java.time.Duration;
import java.util.Objects;

/**
 * How large a segment grows before the next one starts, and what retention keeps: the log's
 * total bytes at most {@code maxBytes} and nothing older than {@code maxAge}, both by deleting
 * whole segments, oldest first (the segment being written is kept).
 */
public record LogOptions(long segmentBytes, long maxBytes, Duration maxAge) {

    public LogOptions {
        if (segmentBytes < 4096 || maxBytes < segmentBytes) {
            throw new IllegalArgumentException("segmentBytes must be at least 4096 and at most"
                    + " maxBytes: " + segmentBytes + ", " + maxBytes);
        }
        Objects.requireNonNull(maxAge, "maxAge");
    }
}
