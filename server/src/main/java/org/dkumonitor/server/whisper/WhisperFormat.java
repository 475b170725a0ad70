package org.dkumonitor.server.whisper;

/**
 * Constants of Graphite's whisper file format (big-endian throughout, no magic number):
 *
 * <pre>
 * offset 0   metadata, 16 bytes: uint32 aggregationType, uint32 maxRetention,
 *            float32 xFilesFactor, uint32 archiveCount
 * offset 16  archiveCount entries of 12 bytes: uint32 offset, uint32 secondsPerPoint,
 *            uint32 points
 * then       each archive's slots, 12 bytes each: uint32 interval (0 = never written),
 *            float64 value
 * </pre>
 */
public final class WhisperFormat {

    public static final int METADATA_SIZE = 16;
    public static final int ARCHIVE_INFO_SIZE = 12;
    public static final int POINT_SIZE = 12;
    public static final String EXTENSION = ".wsp";

    private WhisperFormat() {
    }

    public static long fileSize(java.util.List<Retention> archives) {
        long size = METADATA_SIZE + (long) ARCHIVE_INFO_SIZE * archives.size();
        for (Retention archive : archives) {
            size += (long) POINT_SIZE * archive.points();
        }
        return size;
    }
}
