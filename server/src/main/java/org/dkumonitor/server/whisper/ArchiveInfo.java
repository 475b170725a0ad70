package org.dkumonitor.server.whisper;

/** An archive-info entry of a whisper header: where the archive's slots are and their shape. */
public record ArchiveInfo(long offset, int secondsPerPoint, int points) {

    public long retention() {
        return (long) secondsPerPoint * points;
    }

    /** Bytes the archive's slots take. */
    public long size() {
        return (long) points * WhisperFormat.POINT_SIZE;
    }

    public long end() {
        return offset + size();
    }

    /** Byte offset of the slot for {@code interval}, given the archive's base interval. */
    long slotOffset(long interval, long baseInterval) {
        long pointDistance = Math.floorDiv(interval - baseInterval, secondsPerPoint);
        return offset + Math.floorMod(pointDistance * WhisperFormat.POINT_SIZE, size());
    }
}
